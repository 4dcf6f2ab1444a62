import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/shared-kernel/json';
import { walletStream } from '../../src/wallet/domain/wallet.events';
import { launchBrowser } from '../support/browser';
import { metadata } from '../support/events';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, attributeOfEach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';
import { waitFor } from '../support/wait';

/** Given: 100 BUZ in January, 50 in February. */
const givenWalletHistory: { data: JsonObject; occurredAt: string }[] = [
  { data: { amountBuz: '100', reason: 'opening balance' }, occurredAt: '2026-01-10T09:00:00.000Z' },
  { data: { amountBuz: '50', reason: 'bonus' }, occurredAt: '2026-02-10T09:00:00.000Z' },
];

describe('Portal: auditors browse, prove and replay (real API on PostgreSQL with the sealer, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let auditor: TestUser;
  let tab: PortalTab;
  const wallet = walletStream(randomUUID());

  beforeAll(async () => {
    // Checkpoints every few events, and soon after the last ones, so the wallet's events get signed.
    app = await startTestApp({ env: { CHECKPOINT_EVERY_EVENTS: '3', CHECKPOINT_EVERY_MS: '300' } });
    auditor = await signUp(app, { roles: ['auditor'], mfa: true });
    const events = givenWalletHistory.map(({ data, occurredAt }) => ({
      eventId: randomUUID(),
      type: 'BuzAdjusted',
      data,
      metadata: metadata({ occurredAt }),
    }));
    await app.store.append(wallet, events, { expectedRevision: 'no_stream' });
    await app.waitForProjections();
    await signedCheckpointCovering(events[1].eventId);
    browser = await launchBrowser();
    tab = await openPortal(browser);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  /** Until the sealer has signed a checkpoint that includes the event (hooks cannot use expect.poll). */
  async function signedCheckpointCovering(eventId: string): Promise<void> {
    await waitFor(
      `a signed checkpoint that includes ${eventId}`,
      async () =>
        (await request(app.baseUrl).get(`/api/v1/audit/proofs/inclusion/${eventId}`).set(auditor.auth)).status === 200,
    );
  }

  it('an auditor signs in with TOTP and sees the signed checkpoints, verified in the browser', async () => {
    await signInThroughPortal(tab.page, app.baseUrl, auditor.email, auditor.totpSecret);
    await tab.page.getByRole('link', { name: 'Audit', exact: true }).click();
    await tab.page.waitForURL(url('/audit'), SETTLE);
    await tab.page.getByTestId('checkpoint-row').first().waitFor(SETTLE);
    const signatures = tab.page.getByTestId('checkpoint-signature');
    await expect.poll(() => attributeOfEach(signatures, 'data-verified'), SETTLE).not.toContain(null);
    expect(new Set(await attributeOfEach(signatures, 'data-verified'))).toEqual(new Set(['true']));
  });

  it('browses to a wallet stream and an event, and proves its inclusion in the browser', async () => {
    await tab.page.getByRole('link', { name: 'Streams', exact: true }).click();
    await tab.page.getByTestId('stream-category').selectOption('wallet');
    await tab.page.locator(`[data-testid="stream-row"][data-stream-id="${wallet}"] a`).click();
    await tab.page.waitForURL(url(`/audit/streams/${wallet}`), SETTLE);
    const revisions = tab.page.getByTestId('stream-event');
    await expect.poll(() => attributeOfEach(revisions, 'data-revision'), SETTLE).toEqual(['0', '1']);

    await tab.page.locator('[data-testid="stream-event"][data-revision="1"]').getByTestId('event-link').click();
    await tab.page.waitForURL(url(`/audit/streams/${wallet}/events/1`), SETTLE);
    const [first] = await app.store.readStream(wallet);
    expect(await tab.page.getByTestId('event-prev-hash').getAttribute('data-hash')).toBe(first.hash);

    await tab.page.getByTestId('check-inclusion').click();
    const verdict = tab.page.getByTestId('inclusion-verdict');
    await verdict.waitFor(SETTLE);
    expect(await verdict.getAttribute('data-verified')).toBe('true');
    expect(await verdict.textContent()).toContain('Verified in your browser');
    expect(await attributeOfEach(tab.page.getByTestId('inclusion-step'), 'data-ok')).toEqual([
      'true',
      'true',
      'true',
      'true',
      'true',
    ]);
  });

  it('replays the wallet: now, cross-checked against the read model, and on a past date', async () => {
    await tab.page.goto(url(`/audit/streams/${wallet}`));
    await tab.page.getByTestId('replay-stream-link').click();
    await tab.page.waitForURL(/\/audit\/replay\?stream=/, SETTLE);
    const balance = tab.page.getByTestId('replay-field-balanceBuz');
    await expect.poll(() => balance.textContent(), SETTLE).toBe('150');
    expect(await tab.page.getByTestId('cross-check').getAttribute('data-matches')).toBe('true');

    await tab.page.getByTestId('replay-mode-moment').check();
    await tab.page.getByTestId('replay-moment').fill('2026-01-31T12:00:00');
    await tab.page.getByTestId('replay-submit').click();
    await expect.poll(() => balance.textContent(), SETTLE).toBe('100');
    expect(await tab.page.getByTestId('cross-check').getAttribute('data-checked')).toBe('false');
  });

  it('runs a full verification and watches the progress reach 100% and VERIFIED', async () => {
    await tab.page.getByRole('link', { name: 'Chain and checkpoints' }).click();
    await tab.page.getByTestId('verify-everything').click();
    const status = tab.page.getByTestId('verify-status');
    await expect.poll(() => status.getAttribute('data-status'), SETTLE).toBe('VERIFIED');
    expect(await tab.page.getByTestId('verify-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await tab.page.getByTestId('verify-counts').textContent()).toContain('100%');
    expect(tab.pageErrors).toEqual([]);
  });
});
