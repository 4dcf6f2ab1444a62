import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockMsAfter } from '../../src/identity/domain/lockout.decide';
import { totpCode, totpStep } from '../../src/platform/auth/totp';
import { CLOCK, type Clock } from '../../src/shared-kernel/clock';
import { signIn, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { z } from 'zod';
import { mfaEnrolmentSchema, recoveryCodesSchema } from '../../src/identity/http/identity.responses';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { closeIfStarted } from '../support/teardown';

/** Wrong MFA codes lock the account like wrong passwords; the clock is the test's, so no test waits. */
describe('MFA guessing limits', () => {
  let app: TestApp;
  let nowMs = Date.now();
  const clock: Clock = { now: () => new Date(nowMs) };
  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const codeAt = (secret: string, offsetSteps = 0) => totpCode(secret, totpStep(nowMs) + offsetSteps);
  /** A code that matches none of the three steps the server accepts now (four candidates: one is free). */
  const wrongCode = (secret: string) => {
    const accepted = new Set([-1, 0, 1].map((offset) => codeAt(secret, offset)));
    return ['000000', '111111', '222222', '333333'].find((code) => !accepted.has(code)) as string;
  };
  const verify = (session: TestUser, proof: { code: string } | { recoveryCode: string }) =>
    request(app.baseUrl).post('/api/v1/auth/mfa/verify').set(session.auth).send(proof);
  const mfaEvents = async (userId: string) => {
    return rowsOf(
      await app.database.pool.query(
        "select type, data from events where stream_id = $1 and type like 'MfaCode%' order by revision",
        [`user-${userId}`],
      ),
      z.object({ type: z.string(), data: storedJsonObject }),
    );
  };

  /** An MFA account (enrolled at the test clock's time) and a fresh, not yet verified session of it. */
  async function mfaUser(): Promise<{ user: TestUser; session: TestUser; secret: string; recoveryCodes: string[] }> {
    const user = await signUp(app);
    const enrolled = await request(app.baseUrl).post('/api/v1/auth/mfa/enroll').set(user.auth).expect(200);
    const secret = new URL(json(enrolled, mfaEnrolmentSchema).otpauthUri).searchParams.get('secret') as string;
    const confirmed = await request(app.baseUrl)
      .post('/api/v1/auth/mfa/confirm')
      .set(user.auth)
      .send({ code: codeAt(secret) })
      .expect(200);
    return {
      user,
      session: await signIn(app, user.email, user.userId),
      secret,
      recoveryCodes: json(confirmed, recoveryCodesSchema).recoveryCodes,
    };
  }

  it('locks after five wrong codes, refuses even the right one with 429 and Retry-After, and counts from zero after a good code', async () => {
    const { user, session, secret } = await mfaUser();
    for (let failure = 1; failure <= 6; failure += 1)
      expect(errorOf(await verify(session, { code: wrongCode(secret) }).expect(400)).error).toBe('INVALID_MFA_CODE');
    const locked = await verify(session, { code: codeAt(secret, 1) }).expect(429);
    expect(errorOf(locked)).toMatchObject({ error: 'MFA_LOCKED', details: { retryAfterSeconds: 1 } });
    expect(locked.headers['retry-after']).toBe('1');
    const lockedAt = nowMs;

    nowMs += 1000;
    await verify(session, { code: codeAt(secret, 1) }).expect(204);
    const events = await mfaEvents(user.userId);
    expect(events).toEqual([
      ...Array.from({ length: 5 }, () => ({ type: 'MfaCodeRejected', data: { kind: 'totp', lockedUntil: null } })),
      { type: 'MfaCodeRejected', data: { kind: 'totp', lockedUntil: new Date(lockedAt + 1000).toISOString() } },
      { type: 'MfaCodeAccepted', data: { kind: 'totp' } },
    ]);

    // Had the good code not reset the count, these five would make eleven and lock for 32 s.
    const again = await signIn(app, user.email, user.userId);
    for (let failure = 1; failure <= 5; failure += 1) await verify(again, { code: wrongCode(secret) }).expect(400);
    nowMs += 60_000;
    await verify(again, { code: codeAt(secret) }).expect(204);
  });

  it('counts wrong recovery codes together with wrong TOTP codes, and spends no recovery code while locked', async () => {
    const { user, session, secret, recoveryCodes } = await mfaUser();
    for (const guess of ['aaaaa-00000', 'bbbbb-11111', 'ccccc-22222'])
      await verify(session, { recoveryCode: guess }).expect(400);
    for (let failure = 1; failure <= 3; failure += 1) await verify(session, { code: wrongCode(secret) }).expect(400);
    expect(errorOf(await verify(session, { recoveryCode: recoveryCodes[0] }).expect(429)).error).toBe('MFA_LOCKED');
    expect((await mfaEvents(user.userId)).map((event) => event.data.kind)).toEqual([
      'recovery',
      'recovery',
      'recovery',
      'totp',
      'totp',
      'totp',
    ]);

    nowMs += 1000;
    await verify(session, { recoveryCode: recoveryCodes[0] }).expect(204);
    expect((await mfaEvents(user.userId)).at(-1)).toEqual({ type: 'MfaCodeAccepted', data: { kind: 'recovery' } });
  });

  it('counts wrong codes while confirming the enrolment too', async () => {
    const user = await signUp(app);
    const enrolled = await request(app.baseUrl).post('/api/v1/auth/mfa/enroll').set(user.auth).expect(200);
    const secret = new URL(json(enrolled, mfaEnrolmentSchema).otpauthUri).searchParams.get('secret') as string;
    const confirm = (code: string) =>
      request(app.baseUrl).post('/api/v1/auth/mfa/confirm').set(user.auth).send({ code });
    for (let failure = 1; failure <= 6; failure += 1) await confirm(wrongCode(secret)).expect(400);
    expect(errorOf(await confirm(codeAt(secret)).expect(429)).error).toBe('MFA_LOCKED');
    nowMs += 1000;
    expect(json(await confirm(codeAt(secret)).expect(200), recoveryCodesSchema).recoveryCodes).toHaveLength(10);
  });

  it('counts every one of 20 parallel wrong codes, so the burst earns its full lock and the right code is refused', async () => {
    const { user, session, secret } = await mfaUser();
    const burst = await Promise.all(Array.from({ length: 20 }, () => verify(session, { code: wrongCode(secret) })));
    const statuses = burst.map((response) => response.status);
    // Codes that arrive once the lock holds are refused unseen (429); every code that was checked (400) is counted.
    expect(statuses.every((status) => status === 400 || status === 429)).toBe(true);
    const checked = statuses.filter((status) => status === 400).length;
    const rejected = (await mfaEvents(user.userId)).filter((event) => event.type === 'MfaCodeRejected');
    expect(rejected).toHaveLength(checked);
    expect(checked).toBeGreaterThanOrEqual(6);

    const refused = await verify(session, { code: codeAt(secret, 1) }).expect(429);
    expect(errorOf(refused).details.retryAfterSeconds).toBe(lockMsAfter(checked) / 1000);
    nowMs += lockMsAfter(checked);
    // A long burst's lock can outlast the session's access token: sign in again, then the lock is over.
    await verify(await signIn(app, user.email, user.userId), { code: codeAt(secret, 1) }).expect(204);
  });
});
