import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginResponseSchema } from '../../src/identity/http/identity.responses';
import { NEW_PASSWORD, RESET_PASSWORD } from '../support/account-basics';
import { launchBrowser } from '../support/browser';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { SETTLE, freshTotpCode, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** #16 §9 and §10 in Chromium against the real API: account basics, the admin's tools and the jobs page. */
describe('Portal: account basics, reset links, the two-person MFA reset and the jobs page', () => {
  let app: TestApp;
  let browser: Browser;
  let member: TestUser;
  let admin: TestUser;
  let officer: TestUser;
  let memberTab: PortalTab;
  let adminTab: PortalTab;
  const tabs: PortalTab[] = [];
  const url = (path: string) => `${app.baseUrl}${path}`;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    browser = await launchBrowser();
    member = await signUp(app);
    admin = await signUp(app, { roles: ['admin'], mfa: true });
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  async function tab(): Promise<PortalTab> {
    const opened = await openPortal(browser);
    tabs.push(opened);
    return opened;
  }

  async function signInWith(page: Page, email: string, password: string): Promise<void> {
    await page.goto(url('/signin'));
    await page.locator('#signin-email').fill(email);
    await page.locator('#signin-password').fill(password);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL(url('/'), SETTLE);
  }

  it('welcomes a newcomer on the first page: what the demo is and where the sign-ins are', async () => {
    const { page } = await tab();
    await page.goto(url('/'));
    const welcome = page.getByTestId('demo-welcome');
    await welcome.waitFor(SETTLE);
    expect(await welcome.textContent()).toContain('.data/demo-accounts.txt');
    await saveScreenshots(page, 'welcome');
    await page.getByTestId('welcome-signin').click();
    await page.waitForURL(url('/signin'), SETTLE);
  });

  it('lists your sessions and signs out another one, which then stops working', async () => {
    memberTab = await tab();
    const { page } = memberTab;
    await signInThroughPortal(page, app.baseUrl, member.email);
    const rows = page.getByTestId('session-row');
    await expect.poll(() => rows.count(), SETTLE).toBe(2);
    expect(await page.locator('[data-testid="session-row"][data-current="true"]').textContent()).toContain('Browser');
    await saveScreenshots(page, 'account');
    await page.getByTestId('revoke-session').click();
    await expect.poll(() => rows.count(), SETTLE).toBe(1);
    await request(app.baseUrl).get('/api/v1/auth/me').set(member.auth).expect(401);
  });

  it('changes the password: a wrong current one is refused next to its field, the right one works', async () => {
    const { page } = memberTab;
    await page.locator('#current-password').fill('not my current password');
    await page.locator('#new-password').fill(NEW_PASSWORD);
    await page.locator('#new-password-confirmation').fill(NEW_PASSWORD);
    await page.getByTestId('change-password-submit').click();
    await expect.poll(() => page.getByTestId('current-password-error').textContent(), SETTLE).toContain('not right');
    await page.locator('#current-password').fill(PASSWORD);
    await page.getByTestId('change-password-submit').click();
    await expect
      .poll(() => page.getByTestId('password-changed').textContent(), SETTLE)
      .toContain('Your password is changed');
    const login = await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: member.email, password: NEW_PASSWORD, session: 'bearer' });
    expect(login.status).toBe(200);
    expect(memberTab.pageErrors).toEqual([]);
  });

  it('verifying MFA on the set-up page returns to the page that sent you there', async () => {
    const withApp = await signUp(app, { mfa: true });
    const { page } = await tab();
    await page.goto(url('/signin'));
    await page.locator('#signin-email').fill(withApp.email);
    await page.locator('#signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('signin-second-factor').waitFor(SETTLE);
    // The password is in, the code not yet: a page that needs it sends the person to MFA with ?next.
    await page.goto(url('/account/mfa?next=/wallet'));
    await page.getByTestId('totp-code').fill(freshTotpCode(withApp.totpSecret ?? ''));
    await page.getByTestId('verify-mfa').click();
    await page.waitForURL(url('/wallet'), SETTLE);
  });

  it('an admin makes a one-time reset link, and the member sets a new password with it, once', async () => {
    adminTab = await tab();
    const { page } = adminTab;
    await signInThroughPortal(page, app.baseUrl, admin.email, admin.totpSecret);
    await page.goto(url('/admin/users'));
    await page.getByTestId('help-user').selectOption({ label: member.email });
    await page.getByTestId('make-reset-link').click();
    const link = (await page.getByTestId('reset-link-url').textContent(SETTLE)) ?? '';
    expect(link).toMatch(new RegExp(`^${app.baseUrl}/reset-password#[A-Za-z0-9_-]{43}$`));
    await saveScreenshots(page, 'admin-account-help');

    const { page: holder } = await tab();
    await holder.goto(link);
    await holder.getByTestId('reset-form').waitFor(SETTLE);
    expect(holder.url()).toBe(url('/reset-password'));
    await saveScreenshots(holder, 'reset-password');
    await holder.locator('#reset-password').fill(RESET_PASSWORD);
    await holder.locator('#reset-confirmation').fill(RESET_PASSWORD);
    await holder.getByTestId('reset-submit').click();
    await holder.waitForURL(url('/signin'), SETTLE);
    expect(await holder.getByTestId('signin-flash').textContent()).toContain('Your password is set');
    await signInWith(holder, member.email, RESET_PASSWORD);

    const { page: again } = await tab();
    await again.goto(link);
    await again.locator('#reset-password').fill('a third long password');
    await again.locator('#reset-confirmation').fill('a third long password');
    await again.getByTestId('reset-submit').click();
    await expect.poll(() => again.getByTestId('reset-error').textContent(), SETTLE).toContain('already used');
  });

  it('an admin asks for an MFA reset, and a compliance officer (someone else) approves it', async () => {
    const lostPhone = await signUp(app, { mfa: true });
    const { page } = adminTab;
    await page.goto(url('/admin/users'));
    await page.getByTestId('help-user').selectOption({ label: lostPhone.email });
    await page.locator('#mfa-reset-reason').fill('Lost phone; identity checked on a video call');
    await page.getByTestId('request-mfa-reset').click();
    await page.getByTestId('mfa-reset-requested').waitFor(SETTLE);

    const { page: compliance } = await tab();
    await signInThroughPortal(compliance, app.baseUrl, officer.email, officer.totpSecret);
    await compliance.goto(url('/compliance/mfa-resets'));
    const row = compliance.locator(`[data-testid="mfa-reset-row"][data-email="${lostPhone.email}"]`);
    expect(await row.textContent(SETTLE)).toContain('video call');
    await saveScreenshots(compliance, 'compliance-mfa-resets');
    await row.getByTestId('approve-mfa-reset').click();
    await expect
      .poll(() => compliance.getByTestId('mfa-reset-approved').textContent(), SETTLE)
      .toContain(lostPhone.email);
    await expect.poll(() => row.count(), SETTLE).toBe(0);
    const login = await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: lostPhone.email, password: PASSWORD, session: 'bearer' })
      .expect(200);
    expect(json(login, loginResponseSchema).mfaEnabled).toBe(false);
  });

  it('shows the scheduled jobs with their last and next run, and runs one now', async () => {
    const { page } = adminTab;
    await page.goto(url('/admin/jobs'));
    const rows = page.getByTestId('job-row');
    await expect.poll(() => rows.count(), SETTLE).toBe(5);
    const integrity = page.locator('[data-testid="job-row"][data-job="integrity-check"]');
    await integrity.getByTestId('run-job').click();
    await page.getByTestId('job-run-done').waitFor(SETTLE);
    await expect.poll(() => integrity.getAttribute('data-outcome'), SETTLE).toBe('SUCCEEDED');
    expect(await integrity.textContent()).toContain('Next run');
    await saveScreenshots(page, 'admin-jobs');
    for (const opened of tabs) expect(opened.pageErrors).toEqual([]);
  });
});
