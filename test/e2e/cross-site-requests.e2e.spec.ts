import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { loginResponseSchema } from '../../src/identity/http/identity.responses';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf } from '../support/json';
import { anyObject, anyString } from '../support/matchers';
import { closeIfStarted } from '../support/teardown';

const PROXY_ORIGIN = 'https://ledger.example.com';
const FOREIGN_ORIGIN = 'https://attacker.example';
const POSTURE = { deviceId: 'laptop-1', diskEncrypted: true, osUpToDate: true, screenLock: true };

/** Issue #12 item 1: login CSRF. Only JSON bodies, and no unsafe request a foreign page made. */
describe('cross-site requests and non-JSON bodies are refused', () => {
  let app: TestApp;
  let member: TestUser;
  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', ALLOWED_ORIGINS: `${PROXY_ORIGIN}, http://localhost:1` },
    });
    member = await signUp(app);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);
  const sessionCount = async () =>
    rowsOf(
      await app.database.pool.query('select count(*)::int as count from sessions'),
      z.object({ count: z.number() }),
    )[0].count;
  const cookieLogin = () =>
    api().post('/api/v1/auth/login').send({ email: member.email, password: PASSWORD, session: 'cookie' });

  /** A sign-in that must be refused: the status and error, no cookie set, no session started. */
  async function expectRefusedSignIn(
    send: () => Promise<request.Response>,
    status: number,
    error: string,
  ): Promise<request.Response> {
    const before = await sessionCount();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ error, message: anyString, details: anyObject });
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(await sessionCount()).toBe(before);
    return response;
  }

  it('refuses a form-encoded sign-in with 415, as a form on another site would send it', async () => {
    const form = `email=${encodeURIComponent(member.email)}&password=${encodeURIComponent(PASSWORD)}&session=cookie`;
    const response = await expectRefusedSignIn(
      () => api().post('/api/v1/auth/login').type('form').send(form),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(errorOf(response).details).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      accepted: ['application/json'],
    });
  });

  it('refuses text/plain with 415 even when the text is JSON (the enctype="text/plain" trick)', async () => {
    const json = JSON.stringify({ email: member.email, password: PASSWORD, session: 'cookie' });
    await expectRefusedSignIn(
      () => api().post('/api/v1/auth/login').set('Content-Type', 'text/plain').send(json),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await expectRefusedSignIn(
      () => api().post('/api/v1/auth/login').set('Content-Type', 'multipart/form-data; boundary=x').send('--x--'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('refuses a body without a Content-Type, and a non-JSON one even when empty, but takes a bodyless write', async () => {
    const json = JSON.stringify({ email: member.email, password: PASSWORD, session: 'cookie' });
    // fetch sends a byte body with a Content-Length and no Content-Type.
    const untyped = await fetch(`${app.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      body: new TextEncoder().encode(json),
    });
    expect(untyped.status).toBe(415);
    expect(((await untyped.json()) as { details: unknown }).details).toEqual({
      contentType: null,
      accepted: ['application/json'],
    });
    await expectRefusedSignIn(
      () => api().post('/api/v1/auth/logout').set('Content-Type', 'text/plain'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await api().post('/api/v1/auth/logout').expect(204);
  });

  it('refuses a sign-in from a foreign Origin, or marked Sec-Fetch-Site: cross-site, with 403', async () => {
    const foreign = await expectRefusedSignIn(
      () => cookieLogin().set('Origin', FOREIGN_ORIGIN),
      403,
      'CROSS_SITE_REQUEST',
    );
    expect(errorOf(foreign).details).toEqual({ origin: FOREIGN_ORIGIN });
    await expectRefusedSignIn(() => cookieLogin().set('Origin', 'null'), 403, 'CROSS_SITE_REQUEST');
    // The API's own host on another scheme or port is another origin.
    await expectRefusedSignIn(
      () => cookieLogin().set('Origin', app.baseUrl.replace('http:', 'https:')),
      403,
      'CROSS_SITE_REQUEST',
    );
    await expectRefusedSignIn(() => cookieLogin().set('Origin', 'http://127.0.0.1:1'), 403, 'CROSS_SITE_REQUEST');
    // Browsers that send no Origin still mark the request; a same-origin Origin does not outweigh the mark.
    await expectRefusedSignIn(() => cookieLogin().set('Sec-Fetch-Site', 'cross-site'), 403, 'CROSS_SITE_REQUEST');
    await expectRefusedSignIn(
      () => cookieLogin().set('Origin', app.baseUrl).set('Sec-Fetch-Site', 'cross-site'),
      403,
      'CROSS_SITE_REQUEST',
    );
    // Bearer sign-ins and registrations are not sign-ins a foreign page may start either.
    await expectRefusedSignIn(
      () =>
        api()
          .post('/api/v1/auth/login')
          .set('Origin', FOREIGN_ORIGIN)
          .send({ email: member.email, password: PASSWORD }),
      403,
      'CROSS_SITE_REQUEST',
    );
    await expectRefusedSignIn(
      () =>
        api()
          .post('/api/v1/auth/register')
          .set('Origin', FOREIGN_ORIGIN)
          .send({ email: 'new@example.com', password: PASSWORD }),
      403,
      'CROSS_SITE_REQUEST',
    );
  });

  it('signs in from the API’s own origin, from an ALLOWED_ORIGINS one, and from clients that send no Origin', async () => {
    for (const origin of [app.baseUrl, PROXY_ORIGIN, 'http://localhost:1']) {
      const response = await cookieLogin()
        .set('Origin', origin)
        .set('Sec-Fetch-Site', origin === app.baseUrl ? 'same-origin' : 'same-site')
        .expect(200);
      expect(
        (response.headers['set-cookie'] as unknown as string[]).some((cookie) => cookie.startsWith('ss_access=')),
      ).toBe(true);
    }
    await cookieLogin().expect(200);
  });

  it('refuses a cookie-session write from a foreign Origin even with the right CSRF token', async () => {
    const login = await cookieLogin().set('Origin', app.baseUrl).expect(200);
    const jar = (login.headers['set-cookie'] as unknown as string[]).map((cookie) => cookie.split(';')[0]).join('; ');
    const { csrfToken } = json(login, loginResponseSchema.options[0]);
    const write = () => api().post('/api/v1/devices/posture').set('Cookie', jar).set('X-CSRF-Token', csrfToken);
    expect(errorOf(await write().set('Origin', FOREIGN_ORIGIN).send(POSTURE).expect(403)).error).toBe(
      'CROSS_SITE_REQUEST',
    );
    expect(errorOf(await write().set('Sec-Fetch-Site', 'cross-site').send(POSTURE).expect(403)).error).toBe(
      'CROSS_SITE_REQUEST',
    );
    // A bearer token does not exempt a request that also carries the session cookie.
    expect(errorOf(await write().set(member.auth).set('Origin', FOREIGN_ORIGIN).send(POSTURE).expect(403)).error).toBe(
      'CROSS_SITE_REQUEST',
    );
    expect(
      errorOf(
        await api()
          .post('/api/v1/auth/refresh')
          .set('Cookie', jar)
          .set('X-CSRF-Token', csrfToken)
          .set('Origin', FOREIGN_ORIGIN)
          .send({})
          .expect(403),
      ).error,
    ).toBe('CROSS_SITE_REQUEST');
    // Reads are not writes: a cross-site GET is answered (SameSite=Lax cookies and CORS keep its answer from the page).
    await api().get('/api/v1/auth/me').set('Cookie', jar).set('Origin', FOREIGN_ORIGIN).expect(200);
    await write().set('Origin', app.baseUrl).set('Sec-Fetch-Site', 'same-origin').send(POSTURE).expect(200);
  });

  it('leaves bearer and integration-token requests alone, with or without an Origin', async () => {
    await api().post('/api/v1/devices/posture').set(member.auth).send(POSTURE).expect(200);
    await api()
      .post('/api/v1/devices/posture')
      .set(member.auth)
      .set('Origin', FOREIGN_ORIGIN)
      .send(POSTURE)
      .expect(200);
    const integration = await createApiToken(app.database.knex, 'cross-site test', 'system');
    const system = { Authorization: `Bearer ${integration.token}` };
    // An empty acceptance gets past the Origin rule and the guard and is refused by validation.
    for (const headers of [system, { ...system, Origin: FOREIGN_ORIGIN, 'Sec-Fetch-Site': 'cross-site' }]) {
      const response = await api().post('/api/v1/events/task/accepted').set(headers).send({}).expect(400);
      expect(errorOf(response).error).toBe('VALIDATION_FAILED');
    }
  });
});

describe('refused cross-site and non-JSON sign-ins', () => {
  let app: TestApp;
  beforeAll(async () => {
    // signUp spends two attempts (register and sign in), the last sign-in the third.
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', LOGIN_RATE_LIMIT_MAX: '3' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('do not use up the address’s sign-in attempts, so a foreign page can’t lock its visitor out', async () => {
    const member = await signUp(app);
    const login = () => request(app.baseUrl).post('/api/v1/auth/login');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await login()
        .set('Origin', FOREIGN_ORIGIN)
        .send({ email: member.email, password: PASSWORD, session: 'cookie' })
        .expect(403);
      await login().type('form').send({ email: member.email, password: PASSWORD, session: 'cookie' }).expect(415);
    }
    await login().send({ email: member.email, password: PASSWORD }).expect(200);
  });
});
