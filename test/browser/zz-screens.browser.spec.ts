import request from 'supertest';
import { describe, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { signUp } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal } from '../support/portal';
import { startTestApp } from '../support/test-app';

describe('screens', () => {
  it('takes screenshots', async () => {
    const app = await startTestApp();
    const browser = await launchBrowser();
    try {
      const member = await signUp(app, { email: 'grace.hopper@example.com' });
      const other = await signUp(app, { email: 'alan.turing@example.com' });
      await request(app.baseUrl).post('/api/v1/kyc').set(other.auth).send({ legalName: 'Alan Turing', dateOfBirth: '1912-06-23', country: 'GB', documentType: 'PASSPORT', documentNumber: '123456789' }).expect(202);
      await request(app.baseUrl).post('/api/v1/devices/posture').set(member.auth).send({ deviceId: 'work-laptop', diskEncrypted: true, osUpToDate: true, screenLock: true }).expect(200);
      await request(app.baseUrl).post('/api/v1/devices/posture').set(member.auth).send({ deviceId: 'old-phone', diskEncrypted: true, osUpToDate: false, screenLock: true }).expect(200);
      const boss = await signUp(app, { email: 'ada@example.com', roles: ['admin', 'compliance'], mfa: true });
      const anon = await openPortal(browser);
      await anon.page.goto(`${app.baseUrl}/signup`);
      await anon.page.screenshot({ path: '/tmp/shots/signup.png', fullPage: true });
      await anon.page.locator('#signup-email').fill('x@example.com');
      await anon.page.locator('#signup-password').fill('short');
      await anon.page.locator('#signup-confirmation').fill('short');
      await anon.page.getByTestId('signup-submit').click();
      await anon.page.getByTestId('signup-password-error').waitFor(SETTLE);
      await anon.page.screenshot({ path: '/tmp/shots/signup-error.png', fullPage: true });
      await anon.page.goto(`${app.baseUrl}/signin`);
      await anon.page.screenshot({ path: '/tmp/shots/signin.png', fullPage: true });

      const m = await openPortal(browser);
      await signInThroughPortal(m.page, app.baseUrl, member.email);
      await m.page.getByTestId('device-row').first().waitFor(SETTLE);
      await m.page.screenshot({ path: '/tmp/shots/account.png', fullPage: true });
      await m.page.getByLabel('Full legal name').fill('G');
      await m.page.getByTestId('kyc-submit').click();
      await m.page.screenshot({ path: '/tmp/shots/account-kyc-errors.png', fullPage: true });
      await m.page.goto(`${app.baseUrl}/account/mfa`);
      await m.page.getByTestId('start-mfa-enrolment').click();
      await m.page.getByTestId('mfa-qr').waitFor(SETTLE);
      await m.page.screenshot({ path: '/tmp/shots/mfa-enrol.png', fullPage: true });
      await m.page.goto(`${app.baseUrl}/admin/users`);
      await m.page.getByTestId('access-denied').waitFor(SETTLE);
      await m.page.screenshot({ path: '/tmp/shots/access-denied.png', fullPage: true });

      const b = await openPortal(browser);
      await b.page.goto(`${app.baseUrl}/signin`);
      await b.page.locator('#signin-email').fill(boss.email);
      await b.page.locator('#signin-password').fill('correct horse battery staple');
      await b.page.getByTestId('signin-submit').click();
      await b.page.getByTestId('signin-second-factor').waitFor(SETTLE);
      await b.page.screenshot({ path: '/tmp/shots/signin-totp.png', fullPage: true });
      await b.page.goto(`${app.baseUrl}/admin/users`);
      await b.page.getByTestId('mfa-verification-required').waitFor(SETTLE);
      await b.page.screenshot({ path: '/tmp/shots/step-up.png', fullPage: true });
      await b.context.close();

      const a = await openPortal(browser);
      await signInThroughPortal(a.page, app.baseUrl, boss.email, boss.totpSecret);
      await a.page.goto(`${app.baseUrl}/admin/users`);
      await a.page.getByTestId('user-row').first().waitFor(SETTLE);
      await a.page.screenshot({ path: '/tmp/shots/admin-users.png', fullPage: true });
      await a.page.goto(`${app.baseUrl}/compliance/kyc`);
      await a.page.getByTestId('kyc-queue-item').first().waitFor(SETTLE);
      await a.page.screenshot({ path: '/tmp/shots/kyc-queue.png', fullPage: true });
      await a.page.setViewportSize({ width: 390, height: 844 });
      await a.page.screenshot({ path: '/tmp/shots/kyc-queue-mobile.png', fullPage: true });
      await a.page.goto(`${app.baseUrl}/`);
      await a.page.getByTestId('events-count').waitFor(SETTLE);
      await a.page.screenshot({ path: '/tmp/shots/status-mobile.png', fullPage: true });
      const dark = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
      const dp = await dark.newPage();
      await signInThroughPortal(dp, app.baseUrl, member.email);
      await dp.getByTestId('device-row').first().waitFor(SETTLE);
      await dp.screenshot({ path: '/tmp/shots/account-dark.png', fullPage: true });
    } finally {
      await browser.close();
      await app.close();
    }
  });
});
