import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, eventCount, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';

describe('accounts and sessions over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  });
  afterAll(async () => {
    await app?.close();
  });
  const api = () => request(app.baseUrl);

  it('registers with a normalised email, refuses a second account for it, and signs in', async () => {
    const { body } = await api().post('/api/v1/auth/register').send({ email: '  Ada.Lovelace@Example.COM ', password: PASSWORD }).expect(201);
    await api().post('/api/v1/auth/register').send({ email: 'ada.lovelace@example.com', password: 'another long password' }).expect(409);
    const login = await api().post('/api/v1/auth/login').send({ email: 'ADA.lovelace@example.com', password: PASSWORD }).expect(200);
    expect(login.body).toMatchObject({ userId: body.userId, tokenType: 'Bearer', mfaEnabled: false, mfaRequired: false });
    const me = await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ userId: body.userId, email: 'ada.lovelace@example.com', roles: ['member'], kycStatus: 'NOT_SUBMITTED' });
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
    const wrong = await api().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong password here' }).expect(401);
    const unknown = await api().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'wrong password here' }).expect(401);
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

  it('signs out: the access token stops working at once, and signing out again still answers 204', async () => {
    const user = await signUp(app);
    await api().post('/api/v1/auth/logout').set(user.auth).expect(204);
    const after = await api().get('/api/v1/auth/me').set(user.auth).expect(401);
    expect(after.body.error).toBe('UNAUTHENTICATED');
    const again = await api().post('/api/v1/auth/logout').set(user.auth).expect(204);
    expect((again.headers['set-cookie'] as unknown as string[]).some((cookie) => cookie.startsWith('ss_access=;'))).toBe(true);
  });

  it('gives the portal httpOnly SameSite cookies and refuses unsafe cookie requests without the CSRF header', async () => {
    const user = await signUp(app);
    const login = await api().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD, session: 'cookie' }).expect(200);
    expect(login.body.accessToken).toBeUndefined();
    const cookies = login.headers['set-cookie'] as unknown as string[];
    expect(cookies.find((cookie) => cookie.startsWith('ss_access='))).toMatch(/HttpOnly/i);
    expect(cookies.find((cookie) => cookie.startsWith('ss_access='))).toMatch(/SameSite=Lax/i);
    expect(cookies.find((cookie) => cookie.startsWith('ss_refresh='))).toMatch(/HttpOnly/i);
    expect(cookies.find((cookie) => cookie.startsWith('ss_csrf='))).not.toMatch(/HttpOnly/i);
    const jar = cookies.map((cookie) => cookie.split(';')[0]).join('; ');

    await api().get('/api/v1/auth/me').set('Cookie', jar).expect(200);
    const refused = await api().post('/api/v1/devices/posture').set('Cookie', jar).send({ deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true }).expect(403);
    expect(refused.body.error).toBe('CSRF_TOKEN_MISSING');
    await api().post('/api/v1/devices/posture').set('Cookie', jar).set('X-CSRF-Token', 'forged').send({ deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true }).expect(403);
    await api().post('/api/v1/devices/posture').set('Cookie', jar).set('X-CSRF-Token', login.body.csrfToken).send({ deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true }).expect(200);
    await api().post('/api/v1/auth/refresh').set('Cookie', jar).send({}).expect(403);
    const refreshed = await api().post('/api/v1/auth/refresh').set('Cookie', jar).set('X-CSRF-Token', login.body.csrfToken).send({}).expect(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
  });
});
