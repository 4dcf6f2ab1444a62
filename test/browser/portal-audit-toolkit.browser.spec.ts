import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointPageSchema } from '../../src/audit/http/audit.responses';
import { walletStream } from '../../src/wallet/domain/wallet.events';
import { launchBrowser } from '../support/browser';
import { metadata } from '../support/events';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const adjustment = (amountBuz: string) => ({
  eventId: randomUUID(),
  type: 'BuzAdjusted',
  data: { amountBuz, reason: 'toolkit test' },
  metadata: metadata(),
});

describe("Portal: the auditor's toolkit — consistency between any two checkpoints, search, the bundle (real API, sealer, Chromium)", () => {
  let app: TestApp;
  let browser: Browser;
  let auditor: TestUser;
  let tab: PortalTab;
  const wallet = walletStream(randomUUID());
  const events = [adjustment('10'), adjustment('20'), adjustment('30'), adjustment('40')];

  beforeAll(async () => {
    // A checkpoint every few events, and soon after the last ones: two batches give two tree sizes.
    app = await startTestApp({ env: { CHECKPOINT_EVERY_EVENTS: '3', CHECKPOINT_EVERY_MS: '300' } });
    auditor = await signUp(app, { roles: ['auditor'], mfa: true });
    await app.store.append(wallet, events.slice(0, 2), { expectedRevision: 'no_stream' });
    const first = await checkpointSizes(1);
    await app.store.append(wallet, events.slice(2), { expectedRevision: 1n });
    await checkpointSizes(first.length + 1);
    browser = await launchBrowser();
    tab = await openPortal(browser);
    await signInThroughPortal(tab.page, app.baseUrl, auditor.email, auditor.totpSecret);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  /** Until the sealer has signed `count` distinct tree sizes (hooks cannot use expect.poll). */
  async function checkpointSizes(count: number): Promise<number[]> {
    const deadline = Date.now() + SETTLE.timeout;
    for (;;) {
      const page = json(
        await request(app.baseUrl).get('/api/v1/audit/checkpoints').set(auditor.auth).expect(200),
        checkpointPageSchema,
      );
      const sizes = [...new Set(page.checkpoints.map((checkpoint) => checkpoint.treeSize))];
      if (sizes.length >= count) return sizes;
      if (Date.now() > deadline) throw new Error(`fewer than ${count} checkpoints were signed`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The attributes `names` of every element with this test id (a string runs in the page: no DOM types here). */
  const attributesOf = (testid: string, names: string[]) =>
    tab.page.evaluate<(string | null)[][]>(
      `[...document.querySelectorAll('[data-testid="${testid}"]')].map((el) => ${JSON.stringify(names)}.map((name) => el.getAttribute(name)))`,
    );
  const stepsOk = () => attributesOf('consistency-step', ['data-step', 'data-ok']);

  it('checks in the browser that the newest checkpoint extends the oldest', async () => {
    await tab.page.goto(url('/audit'));
    await tab.page.getByRole('link', { name: 'Consistency', exact: true }).click();
    await tab.page.waitForURL(url('/audit/consistency'), SETTLE);
    const older = tab.page.getByTestId('consistency-older');
    await expect.poll(() => older.locator('option').count(), SETTLE).toBeGreaterThanOrEqual(2);
    const sizes = await older.locator('option').allTextContents();
    expect(await older.inputValue()).not.toBe(await tab.page.getByTestId('consistency-newer').inputValue());

    await tab.page.getByTestId('consistency-check').click();
    const verdict = tab.page.getByTestId('consistency-verdict');
    await verdict.waitFor(SETTLE);
    expect(await verdict.getAttribute('data-verified')).toBe('true');
    expect(await stepsOk()).toEqual([
      ['key', 'true'],
      ['signatures', 'true'],
      ['sizes', 'true'],
      ['proof', 'true'],
    ]);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    await saveScreenshots(tab.page, 'audit-consistency');
  });

  it('says NOT consistent when the server answers with a proof that was tampered with', async () => {
    await tab.page.route('**/api/v1/audit/proofs/consistency?**', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { proof: string[] };
      // The server's answer, one bit of its first node flipped: what a rewritten log would have to send.
      body.proof[0] = `${body.proof[0].slice(0, 63)}${body.proof[0].endsWith('0') ? '1' : '0'}`;
      await route.fulfill({ response, json: body });
    });
    try {
      await tab.page.getByTestId('consistency-check').click();
      const verdict = tab.page.locator('[data-testid="consistency-verdict"][data-verified="false"]');
      await verdict.waitFor(SETTLE);
      expect(await verdict.textContent()).toContain('NOT consistent');
      expect(await stepsOk()).toContainEqual(['proof', 'false']);
    } finally {
      await tab.page.unroute('**/api/v1/audit/proofs/consistency?**');
    }
  });

  it('searches the log by stream, type and event id, and opens what it found', async () => {
    await tab.page.getByRole('link', { name: 'Search', exact: true }).click();
    await tab.page.waitForURL(url('/audit/search'), SETTLE);
    const rowIds = async () => (await attributesOf('search-row', ['data-event-id'])).flat();

    await tab.page.getByTestId('search-stream').fill(wallet);
    await tab.page.getByTestId('search-type').fill('BuzAdjusted');
    await tab.page.getByTestId('search-submit').click();
    await expect.poll(rowIds, SETTLE).toEqual(events.map((event) => event.eventId));
    await saveScreenshots(tab.page, 'audit-search');

    await tab.page.getByTestId('search-stream').fill('');
    await tab.page.getByTestId('search-type').fill('');
    await tab.page.getByTestId('search-event-id').fill(events[2].eventId);
    await tab.page.getByTestId('search-submit').click();
    await expect.poll(rowIds, SETTLE).toEqual([events[2].eventId]);

    await tab.page.getByTestId('search-row').getByRole('link').click();
    await tab.page.waitForURL(url(`/audit/streams/${wallet}/events/2`), SETTLE);
  });

  it('downloads the audit bundle as one archive, showing its progress up to every byte', async () => {
    await tab.page.goto(url('/audit'));
    const downloaded = tab.page.waitForEvent('download', SETTLE);
    await tab.page.getByTestId('bundle-download').click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^smartstart-audit-bundle-.+\.tar$/);
    await tab.page.getByTestId('bundle-done').waitFor(SETTLE);
    const progress = tab.page.getByTestId('bundle-progress');
    const total = await progress.getAttribute('data-total');
    expect(Number(total)).toBeGreaterThan(0);
    expect(await progress.getAttribute('data-received')).toBe(total);
    expect(await tab.page.getByTestId('bundle-progress-text').textContent()).toContain('(100%)');

    const listing = await promisify(execFile)('tar', ['-tf', await download.path()]);
    expect(listing.stdout.split('\n').filter(Boolean).sort()).toEqual([
      'checkpoints.jsonl',
      'cosignatures.jsonl',
      'events.jsonl',
      'manifest.json',
      'public-key.json',
    ]);
    await saveScreenshots(tab.page, 'audit-bundle');
    expect(tab.pageErrors).toEqual([]);
  });
});
