import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, expectTokensOutOfReach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

describe('Portal: KYC submission and a compliance decision (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let member: TestUser;
  let officer: TestUser;
  // Two browser profiles, so each person has their own cookie jar.
  let memberTab: PortalTab;
  let officerTab: PortalTab;

  beforeAll(async () => {
    app = await startTestApp();
    member = await signUp(app);
    // The helper enrols MFA with the current TOTP step; the portal sign-in uses the next one.
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
    browser = await launchBrowser();
    memberTab = await openPortal(browser);
    officerTab = await openPortal(browser);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  it('a member submits KYC from the account page and sees it pending', async () => {
    const { page } = memberTab;
    await signInThroughPortal(page, app.baseUrl, member.email);
    expect(await page.getByTestId('kyc-status').getAttribute('data-status', SETTLE)).toBe('NOT_SUBMITTED');

    await page.getByLabel('Full legal name').fill('Ada Lovelace');
    await page.getByLabel('Date of birth').fill('1990-12-10');
    await page.getByLabel('Country of the document').fill('de');
    await page.getByLabel('Document', { exact: true }).selectOption('PASSPORT');
    await page.getByLabel('Document number').fill('C01X00T47');
    await page.getByTestId('kyc-submit').click();

    await expect.poll(() => page.getByTestId('kyc-status').getAttribute('data-status'), SETTLE).toBe('PENDING');
    await page.getByTestId('kyc-submitted').waitFor(SETTLE);
    expect(await page.getByTestId('kyc-form').count()).toBe(0);
    await expectTokensOutOfReach(memberTab);
  });

  it('does not show a member the KYC queue', async () => {
    const { page } = memberTab;
    expect(await page.getByRole('link', { name: 'KYC queue' }).count()).toBe(0);
    await page.goto(url('/compliance/kyc'));
    await page.getByTestId('access-denied').waitFor(SETTLE);
    expect(await page.getByTestId('kyc-queue-item').count()).toBe(0);
  });

  it('a compliance officer signs in with TOTP and finds the submission with its evidence', async () => {
    const { page } = officerTab;
    await signInThroughPortal(page, app.baseUrl, officer.email, officer.totpSecret);
    await page.getByRole('link', { name: 'KYC queue' }).click();
    await page.waitForURL(url('/compliance/kyc'), SETTLE);

    const item = page.locator(`[data-testid="kyc-queue-item"][data-email="${member.email}"]`);
    await item.waitFor(SETTLE);
    expect(await item.getByTestId('evidence-legal-name').textContent()).toBe('Ada Lovelace');
    expect(await item.getByTestId('kyc-evidence').textContent()).toContain('C01X00T47');
    await expectTokensOutOfReach(officerTab);
  });

  it('the officer passes it with a reason, and it leaves the queue', async () => {
    const { page } = officerTab;
    const item = page.locator(`[data-testid="kyc-queue-item"][data-email="${member.email}"]`);
    await item.getByTestId('kyc-pass').click();
    // A decision without a reason is refused inline, before it reaches the server.
    await expect.poll(() => item.getByTestId('kyc-reason').getAttribute('aria-invalid'), SETTLE).toBe('true');

    await item.getByTestId('kyc-reason').fill('Passport checked against the video call');
    await item.getByTestId('kyc-pass').click();
    await page.getByTestId('kyc-decided').waitFor(SETTLE);
    expect(await page.getByTestId('kyc-decided').textContent()).toContain(member.email);
    await expect.poll(() => item.count(), SETTLE).toBe(0);
  });

  it("then shows PASSED on the member's account page", async () => {
    const { page } = memberTab;
    await page.goto(url('/account'));
    await expect.poll(() => page.getByTestId('kyc-status').getAttribute('data-status'), SETTLE).toBe('PASSED');
    expect(memberTab.pageErrors).toEqual([]);
    expect(officerTab.pageErrors).toEqual([]);
  });
});
