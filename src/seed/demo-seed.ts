import { existsSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port';
import { derivedId } from '../shared-kernel/ids';
import { AuthService } from '../identity/accounts/auth.service';
import { DecideKyc, GrantRole, ReportDevicePosture, SubmitKyc } from '../identity/commands/user.commands';
import { memberStream } from '../progress/domain/member.events';
import { previousUtcDay } from '../progress/jobs/settlement-days';
import { DEMO_ACCOUNTS, seedContext, type DemoAccount, type DemoUsers } from './demo-accounts';
import { demoAccountsFile, loadOrCreateDemoPasswords, rolesOf, type DemoPasswords } from './demo-passwords';
import { seedVenture } from './demo-venture';

type TrustedDemoAccount = DemoAccount & { trusted: NonNullable<DemoAccount['trusted']> };

const MARKER_STREAM = 'seed-demo';

/**
 * What `npm start` does with DEMO_SEED on: into a new store, seed the demo with passwords made up
 * for this installation, kept in DATA_DIR/demo-accounts.txt and printed this once; on every later
 * start, only say where the file is.
 */
export async function seedDemoOnFirstStart(
  app: INestApplication,
  dataDir: string,
  log: (line: string) => void,
): Promise<void> {
  const file = demoAccountsFile(dataDir);
  if (await isSeeded(app)) {
    log(
      existsSync(file)
        ? `demo accounts: their passwords are in ${file}`
        : `demo accounts: seeded by another instance; its DATA_DIR/demo-accounts.txt has their passwords`,
    );
    return;
  }
  const passwords = await loadOrCreateDemoPasswords(file);
  await seedDemoIfNew(app, passwords, log);
  log(demoLogins(passwords, file));
}

/**
 * The demo a newcomer sees on the first `npm start`: a board, an auditor, members above the trust
 * gate with real balances and history, and a venture with open and finished tasks. Runs once:
 * the last step writes a marker event.
 */
export async function seedDemoIfNew(
  app: INestApplication,
  passwords: DemoPasswords,
  log: (line: string) => void,
): Promise<boolean> {
  if (await isSeeded(app)) return false;
  log('seeding the demo (first start)…');
  const users = await seedAccounts(app, passwords);
  await seedVenture(app, users);
  const clock = app.get<Clock>(CLOCK);
  await app.get<EventStore>(EVENT_STORE).append(
    MARKER_STREAM,
    [
      {
        eventId: derivedId('demo-seed', 'done'),
        type: 'DemoSeeded',
        data: { accounts: DEMO_ACCOUNTS.length },
        metadata: {
          occurredAt: clock.now().toISOString(),
          actorId: null,
          commandId: null,
          correlationId: null,
          causationId: null,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
  return true;
}

async function isSeeded(app: INestApplication): Promise<boolean> {
  return (await app.get<EventStore>(EVENT_STORE).readStream(MARKER_STREAM)).length > 0;
}

async function seedAccounts(app: INestApplication, passwords: DemoPasswords): Promise<DemoUsers> {
  const commands = app.get(CommandBus);
  const users = {} as DemoUsers;
  for (const account of DEMO_ACCOUNTS) {
    users[account.key] = (
      await app.get(AuthService).registerOrReuse(account.email, passwords.get(account.email) as string)
    ).userId;
    for (const role of account.roles)
      await commands.execute(new GrantRole(users[account.key], role, seedContext(null, account.key, role)));
  }
  for (const account of DEMO_ACCOUNTS.filter(
    (candidate): candidate is TrustedDemoAccount => candidate.trusted !== null,
  ))
    await makeTrusted(app, users, account);
  return users;
}

/** KYC passed by the compliance officer, a compliant laptop, and reputation settled yesterday. */
async function makeTrusted(app: INestApplication, users: DemoUsers, account: TrustedDemoAccount): Promise<void> {
  const commands = app.get(CommandBus);
  const userId = users[account.key];
  const evidence = {
    legalName: `${account.key} Demo`,
    dateOfBirth: '1990-01-01',
    country: 'DE',
    documentType: 'ID_CARD',
    documentNumber: `DEMO-${account.key}`,
  };
  await commands.execute(new SubmitKyc(userId, evidence, seedContext(userId, account.key, 'kyc')));
  await commands.execute(
    new DecideKyc(
      userId,
      'PASSED',
      'Demo identity document checked',
      seedContext(users.admin, account.key, 'kyc-decision'),
    ),
  );
  await commands.execute(
    new ReportDevicePosture(
      userId,
      { deviceId: 'demo-laptop', diskEncrypted: true, osUpToDate: true, screenLock: true },
      seedContext(userId, account.key, 'device'),
    ),
  );
  const clock = app.get<Clock>(CLOCK);
  const repMicro = (BigInt(account.trusted.repPoints) * 1_000_000n).toString();
  await app.get<EventStore>(EVENT_STORE).append(
    memberStream(userId),
    [
      {
        eventId: derivedId('demo-seed', account.key, 'reputation'),
        type: 'ReputationSettled',
        data: {
          day: previousUtcDay(clock.now()),
          previousRepMicro: '0',
          repMicro,
          xpGain: 0,
          gainMicro: '0',
          endorsementsWeightedMilli: 0,
          badges: 0,
        },
        metadata: {
          occurredAt: clock.now().toISOString(),
          actorId: null,
          commandId: null,
          correlationId: 'demo-seed',
          causationId: null,
        },
      },
    ],
    { expectedRevision: 'any' },
  );
}

export function demoLogins(passwords: DemoPasswords, file: string): string {
  const lines = DEMO_ACCOUNTS.map(
    (account) =>
      `  ${account.email.padEnd(32)} ${(passwords.get(account.email) as string).padEnd(22)} ${rolesOf(account).padEnd(24)} ${account.description}`,
  );
  return [
    `demo logins (shown this once; kept in ${file}):`,
    ...lines,
    '  Board, auditor and admin actions ask you to set up an authenticator app first.',
  ].join('\n');
}
