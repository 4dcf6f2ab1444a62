import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { acceptance, eligibleMember, givenReputation, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * A read mark is not an event, so the live feed says nothing of it: the tab that marks tells the
 * browser's other tabs (a BroadcastChannel), which read the count and the list again. Two pages
 * of one browser context are two tabs of the same signed-in person.
 */
describe('Portal: notifications marked read in one tab are read in the other tabs (real API, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser | undefined;
  let member: TestUser;
  let tab: PortalTab;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    const officer = await signUp(app, { roles: ['compliance'], mfa: true });
    member = await eligibleMember(app, officer);
    const reviewer = await signUp(app);
    await givenReputation(app, reviewer.userId, 100);
    const system = await integrationAuth(app);
    // Two payouts: two "BUZ arrived" notifications.
    for (let task = 0; task < 2; task += 1)
      await request(app.baseUrl)
        .post('/api/v1/events/task/accepted')
        .set(system)
        .send(acceptance(member.userId, [reviewer.userId]))
        .expect(200);
    await app.waitForProjections();
    browser = await launchBrowser();
    tab = await openPortal(browser);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const unreadCount = async (page: Page) =>
    (await page.getByTestId('unread-count').count()) === 0 ? '0' : await page.getByTestId('unread-count').textContent();
  const entries = (page: Page) => page.locator('[data-testid="notification"]');

  it('updates the bell and the list of the other tab, for one mark and for "Mark all read"', async () => {
    const first = tab.page;
    await signInThroughPortal(first, app.baseUrl, member.email, null, '/notifications');
    const second = await tab.context.newPage();
    second.on('pageerror', (error) => tab.pageErrors.push(error.message));
    await second.goto(`${app.baseUrl}/notifications`);
    for (const page of [first, second]) {
      await expect.poll(() => unreadCount(page), SETTLE).toBe('2');
      await expect.poll(() => entries(page).count(), SETTLE).toBe(2);
    }

    await entries(first).first().getByTestId('mark-read').click();
    await expect.poll(() => unreadCount(first), SETTLE).toBe('1');
    await expect.poll(() => unreadCount(second), SETTLE).toBe('1');
    await expect.poll(() => entries(second).first().getAttribute('data-read'), SETTLE).toBe('true');
    expect(await entries(second).nth(1).getAttribute('data-read')).toBe('false');
    await saveScreenshots(second, 'notifications-read-in-another-tab');

    await second.getByTestId('mark-all-read').click();
    await expect.poll(() => unreadCount(second), SETTLE).toBe('0');
    await expect.poll(() => unreadCount(first), SETTLE).toBe('0');
    await expect.poll(() => entries(first).nth(1).getAttribute('data-read'), SETTLE).toBe('true');
    expect(tab.pageErrors).toEqual([]);
  });
});
