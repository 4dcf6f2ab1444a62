import { randomUUID } from 'node:crypto';
import { totpCode, totpStep } from '../../src/platform/auth/totp';
import { memberStream } from '../../src/progress/domain/member.events';
import type { LedgerDb } from './ledger-db';
import { runCli } from './server';

export const PASSWORD = 'correct horse battery staple';

export interface Member {
  userId: string;
  auth: { Authorization: string };
}

export interface Fixtures {
  /** `Authorization` of the system integration token the load uses for task acceptances. */
  integration: { Authorization: string };
  /** An admin who also holds compliance and auditor, with a TOTP-verified session. */
  officer: Member;
  /** Members who pass every issuance gate (KYC PASSED, a compliant device, reputation 75). */
  eligible: Member[];
  /** Registered accounts and nothing more: the load's other assignees, whose payouts are withheld. */
  strangers: string[];
  /** Registered accounts the load names as reviewers (the server refuses acceptances naming unknown users). */
  reviewers: string[];
}

/** A JSON request that must answer `expected`; anything else stops the drill with the answer. */
export async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  options: { auth?: Record<string, string>; body?: unknown; expected: number },
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(options.auth ?? {}), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (response.status !== options.expected)
    throw new Error(`${method} ${path}: expected ${options.expected}, got ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function signIn(baseUrl: string, email: string): Promise<Member> {
  const login = await call<{ userId: string; accessToken: string }>(baseUrl, 'POST', '/api/v1/auth/login', {
    body: { email, password: PASSWORD, session: 'bearer' },
    expected: 200,
  });
  return { userId: login.userId, auth: { Authorization: `Bearer ${login.accessToken}` } };
}

/**
 * What the load needs, made the way an operator and the members would: the integration token
 * and the first admin with the CLI, everything else over HTTP. Only the reputation is given
 * directly as a settled-reputation event, since earning it takes days of settlements.
 */
export async function createFixtures(
  baseUrl: string,
  env: Record<string, string>,
  db: LedgerDb,
  eligibleCount: number,
): Promise<Fixtures> {
  const token = await runCli(env, ['token', 'create', '--name', 'faults', '--role', 'system']);
  if (token.code !== 0) throw new Error(`token create failed (${token.code}): ${token.stderr}`);
  const integration = { Authorization: `Bearer ${token.stdout.trim()}` };

  const adminEmail = `faults-admin-${randomUUID()}@example.com`;
  const admin = await runCli(env, ['admin', 'create', '--email', adminEmail, '--password', PASSWORD]);
  if (admin.code !== 0) throw new Error(`admin create failed (${admin.code}): ${admin.stderr}`);
  const officer = await signIn(baseUrl, adminEmail);
  const enrolled = await call<{ otpauthUri: string }>(baseUrl, 'POST', '/api/v1/auth/mfa/enroll', {
    auth: officer.auth,
    expected: 200,
  });
  const secret = new URL(enrolled.otpauthUri).searchParams.get('secret') as string;
  await call(baseUrl, 'POST', '/api/v1/auth/mfa/confirm', {
    auth: officer.auth,
    body: { code: totpCode(secret, totpStep(Date.now())) },
    expected: 200,
  });
  for (const role of ['compliance', 'auditor']) {
    await call(baseUrl, 'POST', `/api/v1/admin/users/${officer.userId}/roles`, {
      auth: officer.auth,
      body: { role },
      expected: 200,
    });
  }

  const eligible: Member[] = [];
  for (let index = 0; index < eligibleCount; index += 1) {
    const email = `faults-member-${index}-${randomUUID()}@example.com`;
    await call(baseUrl, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD }, expected: 201 });
    const member = await signIn(baseUrl, email);
    await call(baseUrl, 'POST', '/api/v1/kyc', {
      auth: member.auth,
      body: {
        legalName: `Faults Member ${index}`,
        dateOfBirth: '1990-01-01',
        country: 'DE',
        documentType: 'ID_CARD',
        documentNumber: `ID${100000 + index}`,
      },
      expected: 202,
    });
    await call(baseUrl, 'POST', `/api/v1/kyc/${member.userId}/decision`, {
      auth: officer.auth,
      body: { status: 'PASSED', reason: 'checked by the fault drill' },
      expected: 200,
    });
    await call(baseUrl, 'POST', '/api/v1/devices/posture', {
      auth: member.auth,
      body: { deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true },
      expected: 200,
    });
    await db.store.append(
      memberStream(member.userId),
      [
        {
          eventId: randomUUID(),
          type: 'ReputationSettled',
          data: { day: '2026-01-01', previousRepMicro: '0', repMicro: '75000000', xpGain: 0, gainMicro: '0' },
          metadata: {
            occurredAt: '2026-01-02T02:00:00.000Z',
            actorId: null,
            commandId: null,
            correlationId: null,
            causationId: null,
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    eligible.push(member);
  }
  return {
    integration,
    officer,
    eligible,
    strangers: await registerAccounts(baseUrl, 'stranger', 200),
    reviewers: await registerAccounts(baseUrl, 'reviewer', 20),
  };
}

async function registerAccounts(baseUrl: string, label: string, count: number): Promise<string[]> {
  const userIds: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const body = { email: `faults-${label}-${index}-${randomUUID()}@example.com`, password: PASSWORD };
    userIds.push(
      (await call<{ userId: string }>(baseUrl, 'POST', '/api/v1/auth/register', { body, expected: 201 })).userId,
    );
  }
  return userIds;
}
