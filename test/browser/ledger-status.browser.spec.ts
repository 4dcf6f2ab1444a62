import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { uniqueStream } from '../support/events';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const CHAIN_STATES = ['VERIFIED', 'BROKEN', 'NOT_YET_VERIFIED'];
const STREAM_COUNT = 2;
const EVENTS_PER_STREAM = 3;
// The page fetches after it loads; a busy CI machine running PostgreSQL too can take a while.
const SETTLE = { timeout: 15_000 };

describe('Ledger status page (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Given a ledger with a known number of events, whose projections have caught up
    app = await startTestApp();
    for (let stream = 0; stream < STREAM_COUNT; stream += 1) {
      await app.appendEvents(uniqueStream('browser'), EVENTS_PER_STREAM);
    }
    await app.waitForProjections();
    browser = await launchBrowser();
    // A fixed locale, so the thousands separators the page prints are predictable.
    context = await browser.newContext({ locale: 'en-US' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // When someone opens the UI
    await page.goto(app.baseUrl);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('shows the number of events and streams in the store', async () => {
    await expect
      .poll(() => page.getByTestId('events-count').textContent(), SETTLE)
      .toBe(String(STREAM_COUNT * EVENTS_PER_STREAM));
    await expect.poll(() => page.getByTestId('streams-count').textContent(), SETTLE).toBe(String(STREAM_COUNT));
  });

  it('shows the hash chain verification state', async () => {
    // The app may or may not have verified the chain yet, but the badge must show a real state.
    const state = await page.getByTestId('chain-status').getAttribute('data-status', SETTLE);
    expect(CHAIN_STATES).toContain(state);
  });

  it('lists the projections with their lag', async () => {
    await page.getByTestId('projection-row').first().waitFor(SETTLE);
    expect(await page.getByTestId('projection-row').count()).toBeGreaterThanOrEqual(1);
  });

  it('says when it was last updated and shows no error', async () => {
    await expect.poll(() => page.getByTestId('updated-at').textContent(), SETTLE).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    expect(await page.getByTestId('status-error').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('loads the app for a deep link the server does not know (index.html fallback)', async () => {
    const deepLink = await context.newPage();
    const response = await deepLink.goto(`${app.baseUrl}/no/such/page`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => deepLink.getByRole('heading', { level: 1 }).textContent(), SETTLE).toBe('Page not found');
    await deepLink.close();
  });
});
