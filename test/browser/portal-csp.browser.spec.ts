import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

interface Violation {
  path: string;
  directive: string;
  blocked: string;
  sample: string;
}

/** A tab that records every Content-Security-Policy violation its pages report. */
async function watchedTab(browser: Browser): Promise<PortalTab & { violations: Violation[] }> {
  const tab = await openPortal(browser);
  const violations: Violation[] = [];
  await tab.context.exposeBinding('reportCspViolation', (_source, violation: Violation) => violations.push(violation));
  // A string runs in the page: the test tsconfig has no DOM types.
  await tab.context
    .addInitScript(`document.addEventListener('securitypolicyviolation', (event) => window.reportCspViolation({
    path: location.pathname, directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample,
  }));`);
  tab.page.on('console', (message) => {
    if (/content security policy/i.test(message.text()))
      violations.push({ path: tab.page.url(), directive: 'console', blocked: '', sample: message.text() });
  });
  return { ...tab, violations };
}

describe('Portal under the Content-Security-Policy: every page works with no violation (real API, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let member: TestUser;
  let staff: TestUser;
  let venture: { ventureId: string; taskId: string };

  beforeAll(async () => {
    app = await startTestApp();
    member = await signUp(app);
    staff = await signUp(app, { roles: ['admin', 'board', 'compliance', 'auditor'], mfa: true });
    venture = await postedTask(app, member);
    await app.waitForProjections();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  /** A full page load (each one a new document under the policy), done once `shown` is on screen. */
  async function visit(page: Page, path: string, shown: (page: Page) => Locator): Promise<void> {
    await page.goto(url(path));
    await shown(page).first().waitFor(SETTLE);
  }

  it('sends the hardening headers with the page', async () => {
    const { page, context } = await watchedTab(browser);
    const response = await page.goto(url('/'));
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self';");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    await context.close();
  });

  it("walks the signed-out pages and a member's pages, MFA enrolment included", async () => {
    const tab = await watchedTab(browser);
    const { page } = tab;
    await visit(page, '/', (p) => p.getByTestId('events-count'));
    await visit(page, '/signup', (p) => p.getByTestId('signup-form'));
    await visit(page, '/badges', (p) => p.getByTestId('badge-entry'));
    await visit(page, '/badges/EARLY_CONTRIBUTOR', (p) => p.getByTestId('badge-criteria'));
    await visit(page, '/verify', (p) => p.getByTestId('verify-file'));
    await signInThroughPortal(page, app.baseUrl, member.email);
    await page.getByTestId('account-email').waitFor(SETTLE);
    await visit(page, '/wallet', (p) => p.getByTestId('daily-cap'));
    await visit(page, '/ventures', (p) => p.getByTestId('venture-item'));
    await visit(page, `/ventures/${venture.ventureId}`, (p) => p.getByTestId('venture-name'));
    await visit(page, `/tasks/${venture.taskId}`, (p) => p.getByTestId('task-title'));
    await visit(page, '/equity', (p) => p.getByRole('heading', { name: 'Equity' }));
    await visit(page, `/equity/cap-table/${venture.ventureId}`, (p) => p.getByTestId('cap-table-venture'));
    await visit(page, `/profiles/${member.userId}`, (p) => p.getByTestId('profile-form'));
    await visit(page, '/documents', (p) => p.getByTestId('upload-form'));
    await visit(page, '/clients', (p) => p.getByTestId('new-client-form'));
    await visit(page, '/account/mfa', (p) => p.getByTestId('start-mfa-enrolment'));
    await page.getByTestId('start-mfa-enrolment').click();
    await page.getByTestId('mfa-qr').locator('svg').waitFor(SETTLE);

    expect(tab.violations).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it("walks an admin's, compliance officer's, board member's and auditor's pages", async () => {
    const tab = await watchedTab(browser);
    const { page } = tab;
    await signInThroughPortal(page, app.baseUrl, staff.email, staff.totpSecret);
    await visit(page, '/admin/users', (p) => p.getByTestId('user-row'));
    await visit(page, '/compliance/kyc', (p) => p.getByRole('heading', { name: 'KYC queue' }));
    await visit(page, '/compliance/holds', (p) => p.getByTestId('place-hold-form'));
    await visit(page, '/board', (p) => p.getByTestId('pending-empty'));
    await visit(page, '/board/windows', (p) => p.getByTestId('schedule-window-form'));
    await visit(page, '/audit', (p) => p.getByTestId('verify-everything'));
    await page.getByTestId('verify-everything').click();
    await expect.poll(() => page.getByTestId('verify-status').getAttribute('data-status'), SETTLE).toBe('VERIFIED');
    await visit(page, '/audit/streams', (p) => p.getByTestId('stream-row'));
    await page.getByTestId('stream-row').first().getByRole('link').first().click();
    await page.getByTestId('stream-event').first().waitFor(SETTLE);
    await page.getByTestId('event-link').first().click();
    await page.getByTestId('event-detail').waitFor(SETTLE);
    await visit(page, '/audit/replay', (p) => p.getByTestId('replay-stream'));

    expect(tab.violations).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it('does report what the policy refuses: an injected inline script and style attribute', async () => {
    const tab = await watchedTab(browser);
    await visit(tab.page, '/', (p) => p.getByTestId('events-count'));
    await tab.page.evaluate(`{
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      document.body.insertAdjacentHTML('beforeend', '<p style="color: red">injected</p>');
    }`);
    await expect
      .poll(() => tab.violations.map((violation) => violation.directive).sort(), SETTLE)
      .toEqual(expect.arrayContaining(['script-src-elem', 'style-src-attr']));
    expect(await tab.page.evaluate('window.injected === true')).toBe(false);
    await tab.context.close();
  });
});
