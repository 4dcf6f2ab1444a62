import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userStream } from '../../src/identity/domain/user.events';
import { launchBrowser } from '../support/browser';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { SETTLE, attributeOfEach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

describe('Portal: roles for admins, and MFA for privileged roles (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let member: TestUser;
  let tab: PortalTab;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await signUp(app, { roles: ['admin'], mfa: true });
    member = await signUp(app);
    browser = await launchBrowser();
    tab = await openPortal(browser);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;
  const rowOf = (email: string) => tab.page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  const rolesOf = (email: string) => attributeOfEach(rowOf(email).locator('[data-role]'), 'data-role');

  it('an admin signs in with TOTP and sees every user with their roles', async () => {
    await signInThroughPortal(tab.page, app.baseUrl, admin.email, admin.totpSecret);
    await tab.page.getByRole('link', { name: 'Users' }).click();
    await tab.page.waitForURL(url('/admin/users'), SETTLE);
    await rowOf(member.email).waitFor(SETTLE);
    expect(await rolesOf(member.email)).toEqual(['member']);
    expect(await rolesOf(admin.email)).toEqual(['member', 'admin']);
    // The API refuses to let admins drop their own admin role, so the page does not offer it.
    expect(await rowOf(admin.email).getByTestId('revoke-admin').count()).toBe(0);
  });

  it('grants a role and shows it once the read model has caught up', async () => {
    await rowOf(member.email).getByTestId('grant-role-select').selectOption('board');
    await rowOf(member.email).getByTestId('grant-role').click();
    await expect.poll(() => rolesOf(member.email), SETTLE).toEqual(['member', 'board']);
  });

  it('revokes it again, after a confirmation with a reason, which the RoleRevoked event records', async () => {
    const row = rowOf(member.email);
    await row.getByTestId('revoke-board').click();
    const confirm = row.getByTestId('revoke-confirm');
    await confirm.waitFor(SETTLE);
    expect(await confirm.textContent()).toContain(`Revoke board from ${member.email}?`);
    // No reason, no revocation.
    await confirm.getByTestId('revoke-confirm-yes').click();
    await expect.poll(() => confirm.getByTestId('revoke-reason').getAttribute('aria-invalid'), SETTLE).toBe('true');
    expect(await rolesOf(member.email)).toEqual(['member', 'board']);
    await confirm.getByTestId('revoke-reason').fill('Term on the board ended');
    await saveScreenshots(tab.page, 'admin-revoke-confirm');
    await confirm.getByTestId('revoke-confirm-yes').click();
    await expect.poll(() => rolesOf(member.email), SETTLE).toEqual(['member']);
    const revoked = (await app.store.readStream(userStream(member.userId))).filter(
      (event) => event.type === 'RoleRevoked',
    );
    expect(revoked.map((event) => event.data)).toEqual([
      { role: 'board', revokedBy: admin.userId, reason: 'Term on the board ended' },
    ]);
    expect(tab.pageErrors).toEqual([]);
  });

  it('asks before recording a non-compliant device, and says it stops BUZ', async () => {
    const memberTab = await openPortal(browser);
    const { page } = memberTab;
    await signInThroughPortal(page, app.baseUrl, member.email);
    await page.goto(url('/account'));
    await page.getByTestId('disk-encrypted').check();
    await page.getByTestId('device-submit').click();
    const confirm = page.getByTestId('device-confirm');
    await confirm.waitFor(SETTLE);
    expect(await confirm.textContent()).toContain('stops your BUZ');
    await saveScreenshots(page, 'account-device-confirm');
    // Going back sends nothing.
    await confirm.getByTestId('device-confirm-no').click();
    await expect.poll(() => confirm.count(), SETTLE).toBe(0);
    expect(await page.getByTestId('device-result').count()).toBe(0);
    await page.getByTestId('device-submit').click();
    await page.getByTestId('device-confirm-yes').click();
    await expect.poll(() => page.getByTestId('device-result').textContent(), SETTLE).toContain('is not compliant');
    expect(memberTab.pageErrors).toEqual([]);
    await memberTab.context.close();
  });

  it('sends someone with a privileged role but no MFA to set it up after signing in', async () => {
    const auditor = await signUp(app, { roles: ['auditor'] });
    const { context, page } = await openPortal(browser);
    await page.goto(url('/signin'));
    await page.locator('#signin-email').fill(auditor.email);
    await page.locator('#signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL(/\/account\/mfa\?next=/, SETTLE);
    await page.getByTestId('start-mfa-enrolment').waitFor(SETTLE);

    // An admin-only page explains what is missing instead of failing.
    await page.goto(url('/admin/users'));
    await page.getByTestId('access-denied').waitFor(SETTLE);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await context.close();
  });
});
