import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { acceptance, eligibleMember, givenReputation, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, attributeOfEach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { requestedSignatures, shareForSigning } from '../support/signing';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

/** Set on the page's window: still there later means the page was never reloaded. */
const MARK_THE_PAGE = 'window.__sameDocument = true';
const STILL_THE_SAME_PAGE = 'window.__sameDocument === true';

async function noHorizontalOverflow(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  const [scrollWidth, innerWidth] = await page.evaluate<[number, number]>(
    '[document.documentElement.scrollWidth, window.innerWidth]',
  );
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('Portal: a member’s dashboard and notifications, live (real API, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser | undefined;
  let member: TestUser;
  let reviewer: TestUser;
  let tab: PortalTab;
  let signatureRequestId: string;
  const url = (path: string) => `${app.baseUrl}${path}`;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    const officer = await signUp(app, { roles: ['compliance'], mfa: true });
    member = await eligibleMember(app, officer);
    reviewer = await signUp(app);
    await givenReputation(app, reviewer.userId, 100);
    const { taskId } = await postedTask(app, await signUp(app));
    await request(app.baseUrl).post(`/api/v1/tasks/${taskId}/claim`).set(member.auth).send({}).expect(200);
    const documentOwner = await signUp(app);
    const { documentId } = await uploadedDocument(app, documentOwner, { content: pdfBytes('dashboard contract') });
    await shareForSigning(app, documentOwner, documentId, member);
    ({ requestId: signatureRequestId } = await requestedSignatures(app, documentOwner, documentId, [member]));
    await app.waitForProjections();
    browser = await launchBrowser();
    tab = await openPortal(browser);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('keeps the welcome and the ledger status for a visitor who is not signed in', async () => {
    const { page } = tab;
    await page.goto(url('/'));
    await page.getByTestId('demo-welcome').waitFor(SETTLE);
    await page.getByTestId('events-count').waitFor(SETTLE);
    expect(await page.getByTestId('notification-bell').count()).toBe(0);
  });

  it('lands a signed-in member on their own dashboard, with the ledger status a link away', async () => {
    const { page } = tab;
    await signInThroughPortal(page, app.baseUrl, member.email);
    await page.goto(url('/'));
    const myTasks = page.getByTestId('inbox-my-tasks');
    await myTasks.waitFor(SETTLE);
    expect(await myTasks.getAttribute('data-count')).toBe('1');
    expect(await myTasks.getByTestId('inbox-task').textContent()).toContain('Write the onboarding guide');
    expect(await page.getByTestId('demo-welcome').count()).toBe(0);
    expect(await page.getByTestId('inbox-votes').count()).toBe(0);
    await noHorizontalOverflow(page);
    await saveScreenshots(page, 'inbox-dashboard');

    await page.getByRole('link', { name: 'Ledger status' }).first().click();
    await page.waitForURL(url('/status'), SETTLE);
    await page.getByTestId('events-count').waitFor(SETTLE);
    await page.goto(url('/'));
    await myTasks.waitFor(SETTLE);
  });

  it('lists the signature request waiting for the member, linking to its signing page, among the sections in their order', async () => {
    const { page } = tab;
    const signatures = page.getByTestId('inbox-signatures');
    await signatures.waitFor(SETTLE);
    expect(await signatures.getAttribute('data-count')).toBe('1');
    expect(await signatures.getByTestId('inbox-signature').getAttribute('href')).toBe(
      `/signatures/${signatureRequestId}`,
    );
    // Not on the board, and no window scheduled: those two sections stay away.
    expect(await attributeOfEach(page.locator('section[data-testid^="inbox-"]'), 'data-testid')).toEqual([
      'inbox-my-tasks',
      'inbox-reviews',
      'inbox-acceptances',
      'inbox-signatures',
      'inbox-windows',
    ]);
  });

  it('raises the unread count live when BUZ arrives, and lists the notification until it is marked read', async () => {
    const { page } = tab;
    const bell = page.getByTestId('notification-bell');
    await bell.waitFor(SETTLE);
    expect(await page.getByTestId('unread-count').count()).toBe(0);
    await page.evaluate(MARK_THE_PAGE);

    await request(app.baseUrl)
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(acceptance(member.userId, [reviewer.userId], { acceptedAt: new Date().toISOString() }))
      .expect(200);

    await expect.poll(() => page.getByTestId('unread-count').textContent(), SETTLE).toBe('1');
    await expect.poll(() => page.getByTestId('inbox-unread').textContent(), SETTLE).toContain('1 unread notification');
    expect(await page.evaluate(STILL_THE_SAME_PAGE)).toBe(true);
    expect(await bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await saveScreenshots(page, 'inbox-unread');

    await bell.click();
    await page.waitForURL(url('/notifications'), SETTLE);
    const entry = page.locator('[data-testid="notification"][data-kind="BUZ_ARRIVED"]');
    await entry.waitFor(SETTLE);
    expect(await entry.textContent()).toMatch(/180\sBUZ\sarrived/);
    expect(await entry.getAttribute('data-read')).toBe('false');
    await noHorizontalOverflow(page);
    await saveScreenshots(page, 'inbox-notifications');

    await entry.getByTestId('mark-read').click();
    await expect.poll(() => entry.getAttribute('data-read'), SETTLE).toBe('true');
    await expect.poll(() => page.getByTestId('unread-count').count(), SETTLE).toBe(0);
    expect(tab.pageErrors).toEqual([]);
  });
});
