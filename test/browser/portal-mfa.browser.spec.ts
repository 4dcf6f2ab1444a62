import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode, totpStep } from '../../src/platform/auth/totp';
import { launchBrowser } from '../support/browser';
import { PASSWORD } from '../support/identity';
import {
  SETTLE,
  expectTokensOutOfReach,
  freshTotpCode,
  openPortal,
  readableCookies,
  secretFromOtpauthUri,
  type PortalTab,
} from '../support/portal';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

describe('Portal: sign up, enrol MFA, sign in with TOTP (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let tab: PortalTab;
  const email = `portal-${randomUUID()}@example.com`;
  let totpSecret = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    browser = await launchBrowser();
    tab = await openPortal(browser);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  it('signs up and is signed in at once (#16 §9)', async () => {
    const { page } = tab;
    await page.goto(url('/signup'));
    await page.locator('#signup-email').fill(email);
    await page.locator('#signup-password').fill(PASSWORD);
    await page.locator('#signup-confirmation').fill(PASSWORD);
    await page.getByTestId('signup-submit').click();

    await page.waitForURL(url('/account'), SETTLE);
    expect(await page.locator('.flash').textContent()).toContain('you are signed in');
    expect(await page.getByTestId('account-email').textContent()).toBe(email);
    expect(await page.getByTestId('mfa-status').getAttribute('data-enabled')).toBe('false');
    await expectTokensOutOfReach(tab);
  });

  it('shows the password rules the server enforces next to the field', async () => {
    // A second profile: in this one we are signed in, and sign-up would say so instead.
    const { context, page: other } = await openPortal(browser);
    await other.goto(url('/signup'));
    await other.locator('#signup-email').fill(`short-${randomUUID()}@example.com`);
    await other.locator('#signup-password').fill('too short');
    await other.locator('#signup-confirmation').fill('too short');
    await other.getByTestId('signup-submit').click();
    await expect
      .poll(() => other.getByTestId('signup-password-error').textContent(), SETTLE)
      .toContain('at least 12 characters');
    expect(await other.locator('#signup-password').getAttribute('aria-invalid')).toBe('true');
    await context.close();
  });

  it('enrols an authenticator app and shows the recovery codes once', async () => {
    const { page } = tab;
    await page.getByTestId('set-up-mfa').click();
    // It says where to come back to: the account page it was opened from.
    await page.waitForURL(url('/account/mfa?next=/account'), SETTLE);
    await page.getByTestId('start-mfa-enrolment').click();

    const uri = await page.getByTestId('otpauth-uri').textContent(SETTLE);
    totpSecret = secretFromOtpauthUri(uri ?? '');
    expect(await page.getByTestId('totp-secret').getAttribute('data-secret')).toBe(totpSecret);
    expect(await page.getByTestId('mfa-qr').locator('svg').count()).toBe(1);

    await page.getByTestId('mfa-confirm-code').fill(totpCode(totpSecret, totpStep(Date.now())));
    await page.getByTestId('mfa-confirm').click();

    await page.getByTestId('recovery-codes').waitFor(SETTLE);
    recoveryCodes = await page.getByTestId('recovery-code').allTextContents();
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);

    await page.getByTestId('recovery-codes-done').click();
    await page.waitForURL(url('/account'), SETTLE);
    await expect.poll(() => page.getByTestId('mfa-status').getAttribute('data-verified'), SETTLE).toBe('true');
  });

  it('signs out from the nav, and the account page then asks to sign in', async () => {
    const { page } = tab;
    await page.getByTestId('sign-out').click();
    await page.waitForURL(url('/signin'), SETTLE);
    expect(await readableCookies(page)).not.toContain('ss_csrf');
    expect((await tab.context.cookies()).map((cookie) => cookie.name)).not.toContain('ss_access');

    await page.goto(url('/account'));
    await page.waitForURL(/\/signin\?next=%2Faccount$/, SETTLE);
  });

  it('signs in again with a TOTP code, after refusing a wrong one inline', async () => {
    const { page } = tab;
    await page.locator('#signin-email').fill(email);
    await page.locator('#signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('signin-second-factor').waitFor(SETTLE);

    const code = freshTotpCode(totpSecret);
    await page.getByTestId('totp-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('verify-mfa').click();
    await expect.poll(() => page.getByTestId('totp-code-error').textContent(), SETTLE).toContain('wrong');

    await page.getByTestId('totp-code').fill(code);
    await page.getByTestId('verify-mfa').click();
    await page.waitForURL(url('/account'), SETTLE);
  });

  it('shows MFA enabled and verified on the account page, with the tokens still out of reach', async () => {
    const { page } = tab;
    const status = page.getByTestId('mfa-status');
    await expect.poll(() => status.getAttribute('data-verified'), SETTLE).toBe('true');
    expect(await status.getAttribute('data-enabled')).toBe('true');
    expect(await status.textContent()).toContain('verified this session');
    await expectTokensOutOfReach(tab);
  });

  it('accepts a recovery code instead of the app, once', async () => {
    const { page } = tab;
    await page.getByTestId('sign-out').click();
    await page.waitForURL(url('/signin'), SETTLE);
    await page.locator('#signin-email').fill(email);
    await page.locator('#signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByTestId('recovery-code-input').fill(recoveryCodes[0]);
    await page.getByTestId('verify-mfa').click();
    await page.waitForURL(url('/'), SETTLE);
    await page.goto(url('/account'));
    await expect.poll(() => page.getByTestId('mfa-status').getAttribute('data-verified'), SETTLE).toBe('true');
    expect(tab.pageErrors).toEqual([]);
  });
});
