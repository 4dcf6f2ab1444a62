import { randomUUID } from 'node:crypto';
import bcrypt from 'bcrypt';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../../src/identity/accounts/auth.service';
import { anEvent } from '../support/events';
import { PASSWORD, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { z } from 'zod';
import { loginResponseSchema, registeredSchema } from '../../src/identity/http/identity.responses';
import { errorOf, json, rowsOf } from '../support/json';
import { closeIfStarted } from '../support/teardown';

const WRONG_PASSWORD = 'not the password at all';

/** The access token of a bearer sign-in's answer. */
function accessTokenOf(login: { body: unknown }): string {
  const session = json(login, loginResponseSchema);
  if (!('accessToken' in session)) throw new Error('the sign-in answered without tokens');
  return session.accessToken;
}

/** Issue #12 item 3: registering a taken email is not a way to test its password. */
describe('registration answers a taken email the same whatever the password', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const register = (email: string, password: string, idempotencyKey?: string) => {
    const call = request(app.baseUrl).post('/api/v1/auth/register');
    return (idempotencyKey ? call.set('Idempotency-Key', idempotencyKey) : call).send({ email, password });
  };
  const userEvents = async (userId: string) =>
    rowsOf(
      await app.database.pool.query('select type from events where stream_id = $1 order by revision', [
        `user-${userId}`,
      ]),
      z.object({ type: z.string() }),
    ).map((row) => row.type);
  const sessionCount = async () =>
    rowsOf(
      await app.database.pool.query('select count(*)::int as count from sessions'),
      z.object({ count: z.number() }),
    )[0].count;

  it('answers 409 EMAIL_TAKEN for the right password, a wrong one and a locked account alike, and never signs in', async () => {
    const open = await signUp(app);
    const locked = await signUp(app);
    // The lock lives in the user's stream: a wrong password that earned an hour's lock.
    const lockedUntil = new Date(Date.now() + 3_600_000).toISOString();
    await app.store.append(`user-${locked.userId}`, [anEvent('LoginFailed', { reason: 'BAD_PASSWORD', lockedUntil })], {
      expectedRevision: 'any',
    });
    await request(app.baseUrl).post('/api/v1/auth/login').send({ email: locked.email, password: PASSWORD }).expect(429);
    const before = {
      sessions: await sessionCount(),
      open: await userEvents(open.userId),
      locked: await userEvents(locked.userId),
    };

    const answers: { status: number; body: unknown }[] = [];
    for (const [email, password] of [
      [open.email, PASSWORD],
      [open.email.toUpperCase(), WRONG_PASSWORD],
      [locked.email, PASSWORD],
      [locked.email, WRONG_PASSWORD],
    ]) {
      const response = await register(email, password);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.text).not.toContain(open.userId);
      expect(response.text).not.toContain(locked.userId);
      answers.push({ status: response.status, body: response.body });
    }
    expect(answers[0]).toEqual({
      status: 409,
      body: {
        error: 'EMAIL_TAKEN',
        message: 'An account with this email already exists; sign in instead',
        details: {},
      },
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);

    // No session, no sign-in event, and the lock neither counted nor lifted.
    expect(await sessionCount()).toBe(before.sessions);
    expect(await userEvents(open.userId)).toEqual(before.open);
    expect(await userEvents(locked.userId)).toEqual(before.locked);
  });

  it('answers a retry with the same Idempotency-Key with the first 201, whatever its password; any other is 409', async () => {
    const email = `retry-${randomUUID()}@example.com`;
    const key = `signup-${randomUUID()}`;
    const first = await register(email, PASSWORD, key).expect(201);
    expect(Object.keys(first.body as object)).toEqual(['userId']);
    const { userId } = json(first, registeredSchema);
    expect((await register(email, PASSWORD, key).expect(201)).body).toEqual({ userId });
    expect((await register(email.toUpperCase(), WRONG_PASSWORD, key).expect(201)).body).toEqual({ userId });
    expect(errorOf(await register(email, PASSWORD, `signup-${randomUUID()}`).expect(409)).error).toBe('EMAIL_TAKEN');
    expect(errorOf(await register(email, PASSWORD).expect(409)).error).toBe('EMAIL_TAKEN');
    expect(errorOf(await register(email, PASSWORD, 'bad key').expect(400)).error).toBe('VALIDATION_FAILED');

    // One account, with the first password.
    expect(await userEvents(userId)).toEqual(['UserRegistered', 'RoleGranted']);
    await request(app.baseUrl).post('/api/v1/auth/login').send({ email, password: WRONG_PASSWORD }).expect(401);
    const login = await request(app.baseUrl).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    expect(json(login, loginResponseSchema).userId).toBe(userId);
  });

  it('creates one account when 20 sign-ups with one Idempotency-Key race, and answers each the same 201', async () => {
    const email = `race-${randomUUID()}@example.com`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => register(email, PASSWORD, 'signup-race-0001')),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    const userIds = responses.map((response) => json(response, registeredSchema).userId);
    expect(new Set(userIds).size).toBe(1);
    expect(await userEvents(userIds[0])).toEqual(['UserRegistered', 'RoleGranted']);
  });

  it('finishes a sign-up whose events were never written, whatever the password of the retry', async () => {
    // The state a crash between the account row and the UserRegistered append leaves behind.
    const userId = randomUUID();
    const email = `half-${randomUUID()}@example.com`;
    await app.database.pool.query('insert into accounts (user_id, email, password_hash) values ($1, $2, $3)', [
      userId,
      email,
      await bcrypt.hash(PASSWORD, 4),
    ]);
    expect(errorOf(await register(email, WRONG_PASSWORD).expect(409)).error).toBe('EMAIL_TAKEN');
    expect(await userEvents(userId)).toEqual(['UserRegistered', 'RoleGranted']);
    const login = await request(app.baseUrl).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    await request(app.baseUrl)
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${accessTokenOf(login)}`)
      .expect(200);
  });

  it('still lets the CLI and the demo seed, in-process only, reuse an account with the same password', async () => {
    const auth = app.app.get(AuthService);
    const email = `admin-${randomUUID()}@example.com`;
    const { userId } = await auth.registerOrReuse(email, PASSWORD);
    expect(await auth.registerOrReuse(email, PASSWORD)).toEqual({ userId });
    await expect(auth.registerOrReuse(email, WRONG_PASSWORD)).rejects.toMatchObject({
      httpStatus: 409,
      code: 'EMAIL_TAKEN',
    });
    expect(await userEvents(userId)).toEqual(['UserRegistered', 'RoleGranted']);
  });
});
