import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loginResponseSchema, registeredSchema, sessionSchema } from '../../src/identity/http/identity.responses';
import { bearerLogin } from '../support/account-basics';
import { PASSWORD, eventCount, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf } from '../support/json';
import { stringContaining } from '../support/matchers';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

/** The two kinds of session an answer carries: tokens in the body (bearer), or in cookies. */
const [cookieSession, bearerSession] = sessionSchema.options;
const cookieLogin = loginResponseSchema.options[0];

describe('accounts and sessions over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);

  it('registers with a normalised email, refuses a second account for it, and signs in', async () => {
    const body = json(
      await api()
        .post('/api/v1/auth/register')
        .send({ email: '  Ada.Lovelace@Example.COM ', password: PASSWORD })
        .expect(201),
      registeredSchema,
    );
    await api()
      .post('/api/v1/auth/register')
      .send({ email: 'ada.lovelace@example.com', password: 'another long password' })
      .expect(409);
    const login = await api()
      .post('/api/v1/auth/login')
      .send({ email: 'ADA.lovelace@example.com', password: PASSWORD })
      .expect(200);
    expect(login.body).toMatchObject({
      userId: body.userId,
      tokenType: 'Bearer',
      mfaEnabled: false,
      mfaRequired: false,
    });
    const me = await api()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${bearerLogin(login).accessToken}`)
      .expect(200);
    expect(me.body).toMatchObject({
      userId: body.userId,
      email: 'ada.lovelace@example.com',
      roles: ['member'],
      kycStatus: 'NOT_SUBMITTED',
    });
  });

  it.each([
    [{ email: 'not-an-email', password: PASSWORD }, 'email is not a valid address'],
    [{ email: 'short@example.com', password: 'short' }, 'password must be at least 12 characters'],
    [{ email: 'long@example.com', password: 'é'.repeat(40) }, 'password must be at most 72 bytes'],
    [{ email: 'same@example.com', password: 'aaaaaaaaaaaaaaaa' }, 'one repeated character'],
    [{ email: 'extra@example.com', password: PASSWORD, admin: true }, 'Unrecognized key'],
  ])('refuses %j with a clear 400 and writes nothing', async (body, message) => {
    const before = await eventCount(app);
    const response = await api().post('/api/v1/auth/register').send(body).expect(400);
    expect(response.body).toMatchObject({ error: 'VALIDATION_FAILED', message: stringContaining(message) });
    expect(await eventCount(app)).toBe(before);
  });

  it('rejects a wrong password with 401 and the same message as an unknown email', async () => {
    const user = await signUp(app);
    const wrong = await api()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: 'wrong password here' })
      .expect(401);
    const unknown = await api()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@example.com', password: 'wrong password here' })
      .expect(401);
    expect(errorOf(wrong).message).toBe(errorOf(unknown).message);
  });

  it('rotates refresh tokens and ends the session when an old one is replayed', async () => {
    const user = await signUp(app);
    const rotated = json(
      await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200),
      bearerSession,
    );
    expect(rotated.refreshToken).not.toBe(user.refreshToken);
    await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.accessToken}`).expect(200);
    await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.accessToken}`).expect(401);
    await api().post('/api/v1/auth/refresh').send({ refreshToken: rotated.refreshToken }).expect(401);
  });

  const refresh = (refreshToken: string) => api().post('/api/v1/auth/refresh').send({ refreshToken });

  it('ends the session when a token several rotations old is replayed', async () => {
    const user = await signUp(app);
    const tokens = [user.refreshToken];
    const rotate = async () =>
      json(await refresh(present(tokens.at(-1), 'a refresh token')).expect(200), bearerSession);
    for (let rotation = 0; rotation < 3; rotation++) tokens.push((await rotate()).refreshToken);
    const latest = await rotate();

    const replayed = await refresh(tokens[0]).expect(401);
    expect(errorOf(replayed).message).toContain('session has been ended');
    await refresh(latest.refreshToken).expect(401);
    await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${latest.accessToken}`).expect(401);
  });

  it('keeps the session when a made-up secret is presented for it', async () => {
    const user = await signUp(app);
    const sessionId = user.refreshToken.split('.')[0];
    await refresh(`${sessionId}.forged.secret`).expect(401);
    await refresh(`${sessionId}.${'A'.repeat(43)}`).expect(401);
    await api().get('/api/v1/auth/me').set(user.auth).expect(200);
    await refresh(user.refreshToken).expect(200);
  });

  it('lets one of two simultaneous refreshes with the same token win, and ends the session for the other', async () => {
    const user = await signUp(app);
    const sessionId = user.refreshToken.split('.')[0];
    // Hold the session row so both requests have read it and wait at their UPDATE together:
    // the interleaving where a read-then-write check would miss the reuse.
    const holder = new pg.Client(app.ownerUrl);
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select 1 from sessions where session_id = $1 for update', [sessionId]);
      const racing = Promise.all([
        refresh(user.refreshToken).then((response) => response),
        refresh(user.refreshToken).then((response) => response),
      ]);
      await expect.poll(() => waitingBackends(holder), { timeout: 60_000 }).toBe(2);
      await holder.query('commit');
      const answers = await racing;
      expect(answers.map((response) => response.status).sort()).toEqual([200, 401]);
      const winner = json(
        present(
          answers.find((response) => response.status === 200),
          'the refresh that won',
        ),
        bearerSession,
      );
      await refresh(winner.refreshToken).expect(401);
      await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${winner.accessToken}`).expect(401);
    } finally {
      await holder.end();
    }
  });

  it('signs out: the access token stops working at once, and signing out again still answers 204', async () => {
    const user = await signUp(app);
    await api().post('/api/v1/auth/logout').set(user.auth).expect(204);
    const after = await api().get('/api/v1/auth/me').set(user.auth).expect(401);
    expect(errorOf(after).error).toBe('UNAUTHENTICATED');
    const again = await api().post('/api/v1/auth/logout').set(user.auth).expect(204);
    expect(
      (again.headers['set-cookie'] as unknown as string[]).some((cookie) => cookie.startsWith('ss_access=;')),
    ).toBe(true);
  });

  it('gives the portal httpOnly SameSite cookies and refuses unsafe cookie requests without the CSRF header', async () => {
    const user = await signUp(app);
    const login = await api()
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD, session: 'cookie' })
      .expect(200);
    expect(login.body).not.toHaveProperty('accessToken');
    const { csrfToken } = json(login, cookieLogin);
    const cookies = login.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((cookie) => cookie.startsWith('ss_access='))).toMatch(/HttpOnly/i);
    expect(cookies.find((cookie) => cookie.startsWith('ss_access='))).toMatch(/SameSite=Lax/i);
    expect(cookies.find((cookie) => cookie.startsWith('ss_refresh='))).toMatch(/HttpOnly/i);
    expect(cookies.find((cookie) => cookie.startsWith('ss_csrf='))).not.toMatch(/HttpOnly/i);
    const jar = cookies.map((cookie) => cookie.split(';')[0]).join('; ');

    await api().get('/api/v1/auth/me').set('Cookie', jar).expect(200);
    const refused = await api()
      .post('/api/v1/devices/posture')
      .set('Cookie', jar)
      .send({ deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(403);
    expect(errorOf(refused).error).toBe('CSRF_TOKEN_MISSING');
    await api()
      .post('/api/v1/devices/posture')
      .set('Cookie', jar)
      .set('X-CSRF-Token', 'forged')
      .send({ deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(403);
    await api()
      .post('/api/v1/devices/posture')
      .set('Cookie', jar)
      .set('X-CSRF-Token', csrfToken)
      .send({ deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(200);
    await api().post('/api/v1/auth/refresh').set('Cookie', jar).send({}).expect(403);
    const refreshed = await api()
      .post('/api/v1/auth/refresh')
      .set('Cookie', jar)
      .set('X-CSRF-Token', csrfToken)
      .send({})
      .expect(200);
    expect(refreshed.body).not.toHaveProperty('refreshToken');
    json(refreshed, cookieSession);
  });
});

/** Backends of this test's database waiting for a lock (the two refreshes' UPDATEs). */
async function waitingBackends(client: pg.Client): Promise<number> {
  const result = await client.query(
    `select count(distinct l.pid)::int as waiting from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where not l.granted and a.datname = current_database()`,
  );
  return present(rowsOf(result, z.object({ waiting: z.number() }))[0], 'a count row').waiting;
}
