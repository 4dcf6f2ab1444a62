import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

/** The security headers on every kind of answer: the portal page, its assets, the API. */
describe('security headers', () => {
  let app: TestApp;
  let secureApp: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    secureApp = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', COOKIE_SECURE: 'true' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
    await closeIfStarted(secureApp);
  });

  function expectBrowserHardening(headers: Record<string, string>): void {
    const policy = headers['content-security-policy'];
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("style-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['strict-transport-security']).toBeUndefined();
  }

  it('sends the portal page, with no inline script or style attribute, under the policy', async () => {
    const page = await request(app.baseUrl).get('/ventures/some-id').expect(200);
    expectBrowserHardening(page.headers);
    expect(page.text).toContain('<div class="app-root">');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.text).not.toMatch(/\sstyle=/);
    const bootstrap = page.text.match(/<script src="(\/_app\/immutable\/bootstrap\.[\w-]+\.js)">/)?.[1];
    expect(bootstrap).toBeDefined();
    const script = await request(app.baseUrl)
      .get(bootstrap as string)
      .expect(200);
    expect(script.headers['content-type']).toMatch(/^application\/javascript|^text\/javascript/);
    expect(script.text).toContain('kit.start(app, element)');
    expectBrowserHardening(script.headers);
  });

  it('sends the same headers on API answers', async () => {
    expectBrowserHardening((await request(app.baseUrl).get('/api/v1/ledger/status').expect(200)).headers);
    expectBrowserHardening((await request(app.baseUrl).get('/api/v1/wallet/me').expect(401)).headers);
  });

  it('answers everything under /api/v1/auth with Cache-Control: no-store, errors included', async () => {
    const user = await signUp(app);
    const api = () => request(app.baseUrl);
    const answers = [
      await api().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(200),
      await api().post('/api/v1/auth/login').send({ email: user.email, password: 'not the password' }).expect(401),
      await api().post('/api/v1/auth/register').send({ email: 'not an email' }).expect(400),
      await api().get('/api/v1/auth/me').set(user.auth).expect(200),
      await api().get('/api/v1/auth/me').expect(401),
      await api().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200),
      await api().get('/api/v1/auth/no-such-route').expect(404),
    ];
    expect(answers.map((answer) => answer.headers['cache-control'])).toEqual(answers.map(() => 'no-store'));
    // The portal page stays revalidated rather than unstorable.
    expect((await api().get('/').expect(200)).headers['cache-control']).toBe('no-cache');
  });

  it('pins browsers to HTTPS with HSTS only when COOKIE_SECURE says the portal is served over HTTPS', async () => {
    for (const path of ['/', '/api/v1/ledger/status']) {
      const { headers } = await request(secureApp.baseUrl).get(path).expect(200);
      expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect((await request(app.baseUrl).get(path).expect(200)).headers['strict-transport-security']).toBeUndefined();
    }
  });
});
