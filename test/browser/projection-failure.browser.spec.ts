import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { launchBrowser } from '../support/browser';
import {
  FAILING_FAST_ENV,
  NOT_NULL_NAME_ERROR,
  appendPoisonedVenture,
  waitForStatus,
} from '../support/projection-failure';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

// The page fetches after it loads; a busy CI machine running PostgreSQL too can take a while.
const SETTLE = { timeout: 15_000 };
/** --bad-text of the light scheme (ui/src/app.css), which Chromium uses by default. */
const BAD_TEXT = 'rgb(163, 27, 18)';
/** Runs in the page; the test's TypeScript has no DOM types, hence the cast. */
const textColour = (element: unknown) =>
  (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(element).color;

describe('Ledger status page with a FAILED projection (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let poison: RecordedEvent;

  beforeAll(async () => {
    // Given a ventures projection stopped at an event it cannot apply
    app = await startTestApp({ env: FAILING_FAST_ENV });
    ({ poison } = await appendPoisonedVenture(app));
    await waitForStatus(app, 'ventures', 'FAILED');
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-US' })).newPage();

    // When someone opens the status page
    await page.goto(app.baseUrl);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('marks its row Failed, in red', async () => {
    const row = page.locator('[data-testid="projection-row"][data-status="FAILED"]');
    await row.waitFor(SETTLE);
    expect(await row.count()).toBe(1);
    expect(await row.locator('th').textContent()).toBe('ventures');
    const pill = row.locator('.pill');
    expect(await pill.textContent()).toBe('Failed');
    expect(await pill.evaluate(textColour)).toBe(BAD_TEXT);
    expect(await page.locator('[data-testid="projection-row"][data-status="RUNNING"]').count()).toBeGreaterThan(0);
  });

  it('shows the event it stopped at and the error, in a red card', async () => {
    const card = page.getByTestId('projection-failures');
    await card.waitFor(SETTLE);
    expect(await card.locator('h2').textContent()).toBe('A projection has failed');
    expect(await card.locator('h2').evaluate(textColour)).toBe(BAD_TEXT);
    expect(await card.getByTestId('failure-name').textContent()).toBe('ventures');
    expect(await card.getByTestId('failure-event-type').textContent()).toBe('VentureCreated');
    expect(await card.getByTestId('failure-event-id').textContent()).toBe(poison.eventId);
    expect(await card.getByTestId('failure-position').textContent()).toBe(poison.position);
    expect(await card.getByTestId('failure-error').textContent()).toBe(NOT_NULL_NAME_ERROR);
    expect(await card.textContent()).toContain('npm run cli -- projections retry NAME');
  });
});
