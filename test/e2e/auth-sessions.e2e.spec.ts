import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, eventCount, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf } from '../support/json';
import { closeIfStarted } from '../support/teardown';

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
    const { body } = await api()
      .post('/api/v1/auth/register')
      .send({ email: '  Ada.Lovelace@Example.COM ', password: PASSWORD })
      .expect(201);
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
    const me = await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
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
    expect(response.body).toMatchObject({ error: 'VALIDATION_FAILED', message: expect.stringContaining(message) });
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
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('rotates refresh tokens and ends the session when an old one is replayed', async () => {
    const user = await signUp(app);
    const rotated = await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    expect(rotated.body.refreshToken).not.toBe(user.refreshToken);
    await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(200);
    await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(401);
    await api().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
  });

  const refresh = (refreshToken: string) => api().post('/api/v1/auth/refresh').send({ refreshToken });

  it('ends the session when a token several rotations old is replayed', async () => {
    const user = await signUp(app);
    const tokens = [user.refreshToken];
    for (let rotation = 0; rotation < 3; rotation++)
      tokens.push((await refresh(tokens.at(-1)!).expect(200)).body.refreshToken);
    const latest = (await refresh(tokens.at(-1)!).expect(200)).body;

    const replayed = await refresh(tokens[0]).expect(401);
    expect(replayed.body.message).toContain('session has been ended');
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
      const winner = answers.find((response) => response.status === 200)!.body;
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
    expect(login.body.accessToken).toBeUndefined();
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
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({ deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(200);
    await api().post('/api/v1/auth/refresh').set('Cookie', jar).send({}).expect(403);
    const refreshed = await api()
      .post('/api/v1/auth/refresh')
      .set('Cookie', jar)
      .set('X-CSRF-Token', login.body.csrfToken)
      .send({})
      .expect(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
  });
});

/** Backends of this test's database waiting for a lock (the two refreshes' UPDATEs). */
async function waitingBackends(client: pg.Client): Promise<number> {
  const { rows } = await client.query(
    `select count(distinct l.pid)::int as waiting from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where not l.granted and a.datname = current_database()`,
  );
  return rows[0].waiting;
}
