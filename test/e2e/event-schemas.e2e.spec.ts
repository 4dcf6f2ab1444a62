import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversionRequestedSchema } from '../../src/conversion/http/conversion.responses';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { mfaEnrolmentSchema, recoveryCodesSchema } from '../../src/identity/http/identity.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { seedDemoOnFirstStart } from '../../src/seed/demo-seed';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz, openWindow, runWindowsJob } from '../support/conversion';
import { walkAccountBasics } from '../support/account-basics';
import { acceptance, integrationAuth } from '../support/earning';
import { documentFlowOnTestClock } from '../support/documents-walk';
import { writeAboutPeople } from '../support/gamification';
import { currentCode, signIn, signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { checkStoredEvents, type StoredEventsCheck } from '../support/stored-events';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

/** Declared types the app has no writer for yet, so no journey can store them (their schemas are still unit-tested). */
const NOT_WRITTEN_BY_THE_APP = ['BuzAdjusted'];

/**
 * Issue #13.5: every event the demo seed and a journey through every context store parses
 * against its type's schema, read back exactly as stored; a type with no schema fails.
 */
describe('every stored event against its schema (demo seed and a full journey, real app on PostgreSQL)', () => {
  let app: TestApp;
  let dataDir: string;
  let check: StoredEventsCheck;
  const clock = testClock();
  const api = () => request(app.baseUrl);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-schemas-'));
    // A checkpoint every few events, so the sealer's CheckpointSigned is in the log too; and a
    // quorum of two, which the journey's two board members reach whatever the demo's board is.
    const env = {
      INTEGRITY_CHECK_ON_START: 'false',
      CHECKPOINT_EVERY_EVENTS: '25',
      CHECKPOINT_EVERY_MS: '200',
      CONVERSION_QUORUM: '2',
    };
    app = await startTestApp({ env, configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock) });
    await seedDemoOnFirstStart(app.app, dataDir, () => undefined);
    const admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    // Identity first: its TOTP codes are computed on real time, and the conversion journey moves the app's clock on.
    await identityJourney(admin);
    await walkAccountBasics(app, admin);
    await writeAboutPeople(app, await signUp(app), admin);
    await documentFlowOnTestClock(app, clock);
    await conversionJourney(admin);
    await app.waitForProjections();
    check = await untilSealed();
  });
  afterAll(async () => {
    await closeIfStarted(app);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A window with four requests: one settled, one rejected, one cancelled, one never voted on (expired); then a board seat given up. */
  async function conversionJourney(admin: TestUser): Promise<void> {
    const reviewer = await signUp(app);
    const boardA = await makeBoardMember(app, await signUp(app));
    const boardB = await makeBoardMember(app, await signUp(app));
    const { ventureId } = await postedTask(app, admin);
    const [settled, rejected, cancelled, unvoted] = [
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
      await memberWithBuz(app, admin, reviewer),
    ];
    const { windowId, closesAt } = await openWindow(app, boardA, admin, {
      ventureId,
      rateBps: '700',
      openForMs: 60_000,
    });
    const convert = async (member: TestUser) =>
      json(
        await api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: '100' }).expect(201),
        conversionRequestedSchema,
      ).conversionId;
    const ids = {
      settled: await convert(settled),
      rejected: await convert(rejected),
      cancelled: await convert(cancelled),
    };
    await convert(unvoted);
    for (const board of [boardA, boardB]) {
      await api()
        .post(`/api/v1/board/conversions/${ids.settled}/votes`)
        .set(board.auth)
        .send({ vote: 'APPROVE', note: 'Approved' })
        .expect(200);
      await api()
        .post(`/api/v1/board/conversions/${ids.rejected}/votes`)
        .set(board.auth)
        .send({ vote: 'REJECT', note: 'Not this quarter' })
        .expect(200);
    }
    await api().post(`/api/v1/equity/conversions/${ids.cancelled}/cancel`).set(cancelled.auth).send({}).expect(200);
    clock.advance(closesAt - clock.now().getTime() + 1000);
    await runWindowsJob(app, admin);
    await api()
      .post(`/api/v1/conversion-windows/${windowId}/finalize`)
      .set(boardA.auth)
      .send({ confirm: true })
      .expect(200);
    await api().delete(`/api/v1/admin/users/${boardB.userId}/roles/board`).set(admin.auth).expect(200);
  }

  /** A revoked integration token, a wrong password then the right one, a wrong MFA code then a good one, a policy violation, and a payout withheld for KYC. */
  async function identityJourney(admin: TestUser): Promise<void> {
    const { tokenId } = await createApiToken(app.database.knex, 'journey', 'system');
    await api().post(`/api/v1/admin/api-tokens/${tokenId}/revoke`).set(admin.auth).send({}).expect(200);
    const member = await signUp(app);
    await api().post('/api/v1/auth/login').send({ email: member.email, password: 'not the password' }).expect(401);
    await signIn(app, member.email, member.userId);
    const enrolled = await api().post('/api/v1/auth/mfa/enroll').set(member.auth).expect(200);
    const secret = new URL(json(enrolled, mfaEnrolmentSchema).otpauthUri).searchParams.get('secret') as string;
    const { recoveryCodes } = json(
      await api()
        .post('/api/v1/auth/mfa/confirm')
        .set(member.auth)
        .send({ code: currentCode(secret) })
        .expect(200),
      recoveryCodesSchema,
    );
    const session = await signIn(app, member.email, member.userId);
    const accepted = new Set([-1, 0, 1].map((offset) => currentCode(secret, offset)));
    const wrongCode = ['135790', '246802', '975310'].find((code) => !accepted.has(code)) as string;
    await api().post('/api/v1/auth/mfa/verify').set(session.auth).send({ code: wrongCode }).expect(400);
    await api().post('/api/v1/auth/mfa/verify').set(session.auth).send({ recoveryCode: recoveryCodes[0] }).expect(204);
    await api()
      .post(`/api/v1/users/${member.userId}/policy-violations`)
      .set(admin.auth)
      .send({ policy: 'UNENCRYPTED_DISK', severity: 'HIGH' })
      .expect(201);
    const reviewer = await signUp(app);
    await api()
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(acceptance(member.userId, [reviewer.userId]))
      .expect(200);
  }

  /** The check, once the sealer has signed a checkpoint (it runs on its own schedule; slow machines make this slow, never failed). */
  async function untilSealed(timeoutMs = 120_000): Promise<StoredEventsCheck> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await checkStoredEvents(app.database.pool);
      if (current.types.has('CheckpointSigned') || Date.now() > deadline) return current;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('stores only events that parse against the schema of their type and version', () => {
    expect(check.problems).toEqual([]);
  });

  it('has stored every event type the app writes, so the check above covered them all', () => {
    const missing = EVENT_SCHEMAS.types.filter(
      (type) => !check.types.has(type) && !NOT_WRITTEN_BY_THE_APP.includes(type),
    );
    expect(missing).toEqual([]);
  });

  it('wrote every event through the schema check: each one records its schema version', () => {
    expect(check.unversioned).toEqual([]);
  });
});
