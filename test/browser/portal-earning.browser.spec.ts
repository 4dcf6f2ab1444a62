import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { acceptance, eligibleMember, givenReputation, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, attributeOfEach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { present } from '../support/present';
import { saveScreenshots } from '../support/screenshots';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const HASH = /^[0-9a-f]{64}$/;
const VENTURE = 'Solar Co-op';
const TASK = 'Export the meter readings as CSV';

describe('Portal: a task from posting to the BUZ in the wallet (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let officer: TestUser;
  let owner: TestUser;
  let assignee: TestUser;
  let reviewer: TestUser;
  // One browser profile each, so the three people are signed in side by side.
  let ownerTab: PortalTab;
  let assigneeTab: PortalTab;
  let reviewerTab: PortalTab;
  let taskUrl: string;
  let taskId: string;

  beforeAll(async () => {
    app = await startTestApp();
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
    owner = await signUp(app);
    // KYC passed, a compliant device and reputation 75: every payout gate is open.
    assignee = await eligibleMember(app, officer);
    reviewer = await signUp(app);
    await givenReputation(app, reviewer.userId, 100);
    browser = await launchBrowser();
    [ownerTab, assigneeTab, reviewerTab] = [
      await openPortal(browser),
      await openPortal(browser),
      await openPortal(browser),
    ];
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;
  const part = (page: Page) => page.getByTestId('task-action').getAttribute('data-part');
  const status = (page: Page) => page.getByTestId('task-status').getAttribute('data-status');

  it('the owner founds a venture and posts a tier-A task to it', async () => {
    const { page } = ownerTab;
    await signInThroughPortal(page, app.baseUrl, owner.email);
    await page.getByRole('link', { name: 'Ventures' }).click();
    await page.waitForURL(url('/ventures'), SETTLE);
    await page.getByLabel('Venture name').fill(VENTURE);
    await page.getByTestId('create-venture').click();
    await page.waitForURL(/\/ventures\/[0-9a-f-]{36}$/, SETTLE);
    expect(await page.getByTestId('venture-name').textContent()).toBe(VENTURE);

    // A bug needs a severity; the form asks for it only then.
    await page.getByTestId('task-kind').selectOption('bug');
    await page.getByTestId('task-severity').waitFor(SETTLE);
    await page.getByTestId('task-kind').selectOption('feature');
    expect(await page.getByTestId('task-severity').count()).toBe(0);

    await page.getByLabel('Title', { exact: true }).fill(TASK);
    await page.getByTestId('task-tier').selectOption('A');
    await page.getByTestId('post-task').click();
    await page.getByTestId('task-posted').waitFor(SETTLE);
    const row = page.getByTestId('task-row');
    expect(await row.getAttribute('data-status')).toBe('OPEN');
    taskId = present(await row.getAttribute('data-task-id'), 'the posted task id');
    taskUrl = url(`/tasks/${taskId}`);

    // The owner can't claim their own venture's task, so the page doesn't offer it.
    await row.getByRole('link', { name: TASK }).click();
    await page.waitForURL(taskUrl, SETTLE);
    await expect.poll(() => part(page), SETTLE).toBe('owner-waits');
    expect(await page.getByTestId('claim-task').count()).toBe(0);
  });

  it('a member finds it, claims it and submits the work', async () => {
    const { page } = assigneeTab;
    await signInThroughPortal(page, app.baseUrl, assignee.email);
    await page.getByRole('link', { name: 'Ventures' }).click();
    await page.getByRole('link', { name: VENTURE }).click();
    await page.getByRole('link', { name: TASK }).click();
    await page.waitForURL(taskUrl, SETTLE);
    expect(await page.getByTestId('task-tier-value').textContent()).toBe('A');

    await page.getByTestId('claim-task').click();
    await expect.poll(() => status(page), SETTLE).toBe('CLAIMED');
    expect(await page.getByTestId('task-assignee').textContent()).toContain('You');
    await page.getByTestId('submit-note').fill('CSV export is on the reports page, with a test per column.');
    await page.getByTestId('submit-task').click();
    await expect.poll(() => status(page), SETTLE).toBe('SUBMITTED');
    expect(await part(page)).toBe('assignee-waits');
  });

  it('another member reviews it: quality 4, approved', async () => {
    const { page } = reviewerTab;
    await signInThroughPortal(page, app.baseUrl, reviewer.email);
    await page.goto(taskUrl);
    await expect.poll(() => part(page), SETTLE).toBe('review');

    // Nothing picked yet: refused inline, before anything reaches the server.
    await page.getByTestId('review-submit').click();
    await page.locator('#review-quality-error').waitFor(SETTLE);

    await page.getByTestId('review-quality-4').check();
    await page.getByTestId('review-verdict-APPROVE').check();
    await page.getByTestId('review-comment').fill('Clean, and the tests cover the edge cases.');
    await page.getByTestId('review-submit').click();
    await expect.poll(() => part(page), SETTLE).toBe('reviewed');
    const review = page.locator(`[data-testid="review-item"][data-reviewer-id="${reviewer.userId}"]`);
    expect(await review.getAttribute('data-verdict')).toBe('APPROVE');
    expect(await review.getAttribute('data-quality')).toBe('4');
  });

  it('the owner accepts it and marks the review helpful', async () => {
    const { page } = ownerTab;
    await page.goto(taskUrl);
    await expect.poll(() => part(page), SETTLE).toBe('accept');
    await page.locator(`[data-testid="helpful-reviewer"][data-reviewer-id="${reviewer.userId}"]`).check();
    await page.getByTestId('accept-task').click();
    await expect.poll(() => status(page), SETTLE).toBe('ACCEPTED');
    expect(await page.getByTestId('task-accepted').textContent()).toContain('quality 4 of 5');
  });

  it("the assignee's wallet shows the award: A × quality 4 × reviewer at 100 = 150 × 1.2 × 1.0 = 180 BUZ", async () => {
    const { page } = assigneeTab;
    // The assignee's task page, open since the submission, shows the acceptance live.
    await expect.poll(() => status(page), SETTLE).toBe('ACCEPTED');
    await page.getByTestId('open-wallet').click();
    await page.waitForURL(url('/wallet'), SETTLE);
    // The award is issued by a process manager after the acceptance; a live notice brings it.
    await expect.poll(() => page.getByTestId('wallet-balance').getAttribute('data-amount'), SETTLE).toBe('180');
    expect(await page.getByTestId('wallet-available').getAttribute('data-amount')).toBe('180');
    expect(await page.getByTestId('wallet-pending-lock').getAttribute('data-amount')).toBe('0');
    expect(await page.getByTestId('issued-today').getAttribute('data-amount')).toBe('180');
    expect(await page.getByTestId('cap-remaining').getAttribute('data-amount')).toBe('1820');

    const row = page.locator(`[data-testid="ledger-row"][data-task-id="${taskId}"]`);
    expect(await row.getAttribute('data-type')).toBe('BuzIssued');
    expect(await row.getByTestId('ledger-amount').textContent()).toContain('+180');
    // The task by its title, the balance after the entry, and what the award was priced on.
    expect(await row.getByTestId('ledger-task').textContent()).toBe(TASK);
    expect(await row.getByTestId('ledger-balance').locator('[data-amount]').getAttribute('data-amount')).toBe('180');
    expect(await row.getByTestId('ledger-award').textContent()).toBe(
      'Tier A · quality 4 of 5 (×1.2) · reviewer credibility ×1.000 (1 reviewer)',
    );
    expect(await row.getByTestId('ledger-hash').getAttribute('data-hash')).toMatch(HASH);
    expect(await row.getByTestId('ledger-prev-hash').getAttribute('data-hash')).toMatch(HASH);
    expect(await page.getByTestId('withheld-notice').count()).toBe(0);

    // XP: 100 (tier A) × 1.2 × 1.0 = 120, past level 2 at 100; reputation settles daily, so still 75.
    await expect.poll(() => page.getByTestId('profile-xp').textContent(), SETTLE).toBe('120');
    expect(await page.getByTestId('profile-level').textContent()).toBe('2');
    expect(await page.getByTestId('reputation-ring').getAttribute('data-reputation')).toBe('75.000');
    await saveScreenshots(page, 'wallet');
  });

  it("shows the reviewer's public profile with the XP of a helpful review (5 × trust weight 1.0)", async () => {
    const { page } = ownerTab;
    await page.locator(`[data-testid="review-item"][data-reviewer-id="${reviewer.userId}"] a`).click();
    await page.waitForURL(url(`/profiles/${reviewer.userId}`), SETTLE);
    await expect.poll(() => page.getByTestId('profile-xp').textContent(), SETTLE).toBe('5');
    expect(await page.getByTestId('reputation-ring').getAttribute('data-reputation')).toBe('100.000');
    for (const tab of [ownerTab, assigneeTab, reviewerTab]) expect(tab.pageErrors).toEqual([]);
  });

  it('a member without KYC, device or reputation sees each reason an award was withheld, and pages through the ledger', async () => {
    const newcomer = await signUp(app);
    const system = await integrationAuth(app);
    // Ten awards × three failed gates = 30 entries: more than one page of 25.
    for (let i = 0; i < 10; i += 1) {
      await request(app.baseUrl)
        .post('/api/v1/events/task/accepted')
        .set(system)
        .send(acceptance(newcomer.userId, [reviewer.userId]))
        .expect(200);
    }
    await app.waitForProjections();

    const tab = await openPortal(browser);
    const { page } = tab;
    await signInThroughPortal(page, app.baseUrl, newcomer.email);
    await page.goto(url('/wallet'));
    const notice = page.getByTestId('withheld-notice');
    await notice.waitFor(SETTLE);
    const reasons = await attributeOfEach(notice.getByTestId('withheld-reason'), 'data-reason');
    expect(reasons.sort()).toEqual(['DEVICE', 'KYC', 'REPUTATION']);
    const kyc = notice.locator('[data-reason="KYC"]');
    expect(await kyc.textContent()).toContain('KYC is NOT_SUBMITTED, it must be PASSED');
    // What was withheld (A, quality 4, a reviewer at 100 = 180 BUZ each), that it is lost, and the gate now.
    expect(await kyc.getByTestId('withheld-amount').getAttribute('data-amount')).toBe('180');
    expect(await notice.textContent()).toContain('Withheld BUZ is lost');
    expect(await kyc.getAttribute('data-passing-now')).toBe('false');
    expect(await kyc.getByTestId('withheld-now').textContent()).toContain('Next step');
    expect(await page.getByTestId('wallet-balance').getAttribute('data-amount')).toBe('0');

    const rows = page.getByTestId('ledger-row');
    expect(await rows.count()).toBe(25);
    const kycRow = page.locator('[data-testid="ledger-row"][data-reason="KYC"]').first();
    expect(await kycRow.getAttribute('data-type')).toBe('BuzIssuanceWithheld');
    expect(await kycRow.getByTestId('ledger-why').textContent()).toContain('KYC is NOT_SUBMITTED');

    await page.getByTestId('ledger-load-more').click();
    await expect.poll(() => rows.count(), SETTLE).toBe(30);
    await page.getByTestId('ledger-end').waitFor(SETTLE);
    const revisions = (await attributeOfEach(rows, 'data-revision')).map(Number);
    expect(revisions).toEqual(Array.from({ length: 30 }, (_, index) => 29 - index));

    await page.getByTestId('balance-chart').waitFor(SETTLE);

    // The CSV has every entry, oldest first, whatever is loaded on the page.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('wallet-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^wallet-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'revision,occurredAt,type,amountBuz,balanceAfterBuz,requestedBuz,taskId,taskTitle,conversionId,day,reason,detail,tier,quality,reviewerCred,hash,prevHash',
    );
    expect(lines).toHaveLength(31);
    expect(lines[1]).toMatch(/^0,[^,]+,BuzIssuanceWithheld,,0,180,ext-/);

    // KYC passes: the notice says the gate passes now, though the entries keep what was true then.
    await request(app.baseUrl)
      .post('/api/v1/kyc')
      .set(newcomer.auth)
      .send({
        legalName: 'New Comer',
        dateOfBirth: '1990-01-01',
        country: 'DE',
        documentType: 'ID_CARD',
        documentNumber: 'ID654321',
      })
      .expect(202);
    await request(app.baseUrl)
      .post(`/api/v1/kyc/${newcomer.userId}/decision`)
      .set(officer.auth)
      .send({ status: 'PASSED', reason: 'checked' })
      .expect(200);
    await page.reload();
    await expect.poll(() => kyc.getAttribute('data-passing-now'), SETTLE).toBe('true');
    expect(await kyc.getByTestId('withheld-now').textContent()).toContain('Now: KYC is PASSED.');
    expect(await kyc.getByTestId('withheld-detail').textContent()).toContain('KYC is NOT_SUBMITTED');
    await saveScreenshots(page, 'wallet-withheld');
    expect(tab.pageErrors).toEqual([]);
    await tab.context.close();
  });
});
