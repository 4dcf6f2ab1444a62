import type { Browser, Locator } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowScheduledSchema } from '../../src/conversion/http/conversion.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { launchBrowser } from '../support/browser';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz, openWindow } from '../support/conversion';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { present } from '../support/present';
import { saveScreenshots } from '../support/screenshots';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

/** What the test reads of a vote in the page (the test tsconfig has no DOM types). */
interface VoteElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): { textContent: string | null } | null;
}

// Long enough for the member to sign in and ask before it closes, however slow the machine: the test then moves the app's clock past it.
const WINDOW_OPEN_MS = 5 * 60_000;

describe('Portal: a member converts BUZ into equity, the board approves and finalizes (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let member: TestUser;
  let boardA: TestUser;
  let boardB: TestUser;
  let ventureId: string;
  let conversionWindow: { windowId: string; closesAt: number };
  let conversionId: string;
  // A browser profile each, so every person has their own cookie jar.
  let memberTab: PortalTab;
  let boardATab: PortalTab;
  let boardBTab: PortalTab;
  const clock = testClock();

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    const reviewer = await signUp(app);
    // 180 BUZ earned on one task; KYC passed.
    member = await memberWithBuz(app, admin, reviewer);
    // Two board members: the default quorum is a majority, so both have to approve.
    boardA = await makeBoardMember(app, await signUp(app));
    boardB = await makeBoardMember(app, await signUp(app));
    ventureId = (await postedTask(app, admin)).ventureId;
    await app.waitForProjections();
    browser = await launchBrowser();
    memberTab = await openPortal(browser);
    boardATab = await openPortal(browser);
    boardBTab = await openPortal(browser);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;
  const amountOf = (locator: Locator) => locator.getAttribute('data-amount', SETTLE);
  const bpsOf = (locator: Locator) => locator.getAttribute('data-bps', SETTLE);

  it('a member sees the open window, previews what 150 BUZ buy, and requests it', async () => {
    const { page } = memberTab;
    await signInThroughPortal(page, app.baseUrl, member.email);
    await page.getByRole('link', { name: 'Equity' }).click();
    await page.getByTestId('no-open-windows').waitFor(SETTLE);

    conversionWindow = await openWindow(app, boardA, admin, { ventureId, rateBps: '700', openForMs: WINDOW_OPEN_MS });
    // And one the board scheduled for next week: members see it coming, with a countdown.
    const nextWeek = clock.now().getTime() + 7 * 86_400_000;
    const upcoming = {
      ventureId,
      opensAt: new Date(nextWeek).toISOString(),
      closesAt: new Date(nextWeek + 86_400_000).toISOString(),
      equityRateBps: '500',
    };
    const { windowId: upcomingId } = json(
      await request(app.baseUrl).post('/api/v1/conversion-windows').set(boardA.auth).send(upcoming).expect(201),
      windowScheduledSchema,
    );
    await app.waitForProjections();
    await page.reload();
    const countdown = page
      .locator(`[data-testid="upcoming-window"][data-window-id="${upcomingId}"]`)
      .getByTestId('upcoming-countdown');
    await expect.poll(() => countdown.textContent(), SETTLE).toMatch(/^Opens in [67] d \d\d:\d\d:\d\d$/);
    const widget = page.locator(`[data-testid="conversion-widget"][data-window-id="${conversionWindow.windowId}"]`);
    await widget.waitFor(SETTLE);
    expect(await widget.getByTestId('window-rate').textContent()).toContain('700');
    expect(await amountOf(widget.getByTestId('convert-available').locator('[data-amount]'))).toBe('180');

    // The preview follows the typing: 150 × 700 / 10,000 = 10.5 → 10 bp; ceil(10 × 10,000 / 700) = 143 burned; 7 unlocked.
    // The server's preview refuses what the request would be refused for, instead of promising it.
    await widget.getByTestId('convert-amount').fill('1000');
    await expect
      .poll(() => widget.getByTestId('convert-preview-refused').textContent(), SETTLE)
      .toBe('Only 180 BUZ are available to convert');
    await saveScreenshots(page, 'equity-preview-too-much');
    await widget.getByTestId('convert-amount').fill('14');
    await expect
      .poll(() => widget.getByTestId('convert-preview-refused').textContent(), SETTLE)
      .toContain('the minimum is 15 BUZ');
    await widget.getByTestId('convert-amount').fill('150');
    expect(await bpsOf(widget.getByTestId('preview-bps'))).toBe('10');
    expect(await amountOf(widget.getByTestId('preview-burned'))).toBe('143');
    expect(await amountOf(widget.getByTestId('preview-unlocked'))).toBe('7');
    expect(await widget.getByTestId('convert-preview-refused').count()).toBe(0);
    await saveScreenshots(page, 'equity-preview');

    await widget.getByTestId('convert-submit').click();
    await widget.getByTestId('convert-requested').waitFor(SETTLE);
    const row = page.getByTestId('my-conversion');
    await row.waitFor(SETTLE);
    conversionId = present(await row.getAttribute('data-conversion-id'), 'the requested conversion id');
    expect(await row.getAttribute('data-status')).toBe('REQUESTED');
    expect(await row.getByTestId('cancel-conversion').count()).toBe(1);
    await expect.poll(() => amountOf(page.getByTestId('wallet-available')), SETTLE).toBe('30');
    expect(await amountOf(page.getByTestId('wallet-locked'))).toBe('150');
  });

  it("a board member signs in with TOTP, weighs the requester's record and approves with a note", async () => {
    const { page } = boardATab;
    await signInThroughPortal(page, app.baseUrl, boardA.email, boardA.totpSecret);
    await page.getByRole('link', { name: 'Board' }).click();
    await page.waitForURL(url('/board'), SETTLE);

    const card = page.locator(`[data-testid="pending-conversion"][data-conversion-id="${conversionId}"]`);
    await card.waitFor(SETTLE);
    expect(await card.getAttribute('data-user-id')).toBe(member.userId);
    expect(await amountOf(card.getByTestId('requester-earned'))).toBe('180');
    expect(await card.getByTestId('requester-tasks').textContent()).toBe('1');
    expect(await card.getByTestId('requester-reputation').textContent()).toBe('75.000');
    expect(await bpsOf(card.getByTestId('request-bps'))).toBe('10');

    // A vote without a note is refused before it reaches the server.
    await card.getByTestId('vote-approve').click();
    await expect.poll(() => card.getByTestId('vote-note').getAttribute('aria-invalid'), SETTLE).toBe('true');
    await card.getByTestId('vote-note').fill('Steady contributor, reviewed work');
    await card.getByTestId('vote-approve').click();
    await page.getByTestId('vote-recorded').waitFor(SETTLE);
    expect(await page.getByTestId('vote-recorded').textContent()).toContain('waits for more votes');
    await card.getByTestId('already-voted').waitFor(SETTLE);
  });

  it("the second board member's approval makes the quorum", async () => {
    const { page } = boardBTab;
    await signInThroughPortal(page, app.baseUrl, boardB.email, boardB.totpSecret);
    await page.goto(url('/board'));
    const card = page.locator(`[data-testid="pending-conversion"][data-conversion-id="${conversionId}"]`);
    await card.waitFor(SETTLE);
    expect(await card.getByTestId('votes').textContent()).toContain('Steady contributor');

    await card.getByTestId('vote-note').fill('Agreed');
    await card.getByTestId('vote-approve').click();
    await page.getByTestId('vote-recorded').waitFor(SETTLE);
    expect(await page.getByTestId('vote-recorded').textContent()).toContain('the request is approved');
    // Approved requests leave the pending list.
    await expect.poll(() => card.count(), SETTLE).toBe(0);
  });

  it('once the window has closed, a board member reads the finalization summary and confirms it', async () => {
    clock.advance(Math.max(0, conversionWindow.closesAt - clock.now().getTime() + 1000));

    // A board member who is not an admin runs the windows job from the portal.
    const { page } = boardATab;
    await page.getByRole('link', { name: 'Conversion windows' }).click();
    const windowRow = page.locator(`[data-testid="window-row"][data-window-id="${conversionWindow.windowId}"]`);
    await windowRow.waitFor(SETTLE);
    await saveScreenshots(page, 'board-windows');
    await page.getByTestId('run-windows-job').click();
    await expect.poll(() => windowRow.getAttribute('data-status'), SETTLE).toBe('CLOSED');
    await windowRow.getByTestId('window-link').click();
    await page.waitForURL(url(`/board/windows/${conversionWindow.windowId}`), SETTLE);

    const summary = page.getByTestId('finalization-summary');
    const allocation = summary.locator(`[data-testid="summary-allocation"][data-conversion-id="${conversionId}"]`);
    await allocation.waitFor(SETTLE);
    expect(await allocation.getAttribute('data-outcome')).toBe('SETTLED');
    expect(await bpsOf(allocation.getByTestId('allocation-bps'))).toBe('10');
    expect(await amountOf(allocation.getByTestId('allocation-burned'))).toBe('143');
    expect(await amountOf(allocation.getByTestId('allocation-unlocked'))).toBe('7');
    expect(await bpsOf(summary.getByTestId('summary-granted'))).toBe('10');

    // Nothing is finalized until the summary has been confirmed.
    expect(await summary.getByTestId('finalize-window').isDisabled()).toBe(true);
    await summary.getByTestId('confirm-finalize').check();
    await summary.getByTestId('finalize-window').click();
    await page.getByTestId('window-finalized').waitFor(SETTLE);
    const request = page.locator(`[data-testid="window-request"][data-conversion-id="${conversionId}"]`);
    await expect.poll(() => request.getAttribute('data-status'), SETTLE).toBe('SETTLED');
    expect(await bpsOf(page.getByTestId('window-granted'))).toBe('10');
  });

  it('the member sees the equity granted, the BUZ burned and unlocked, and the cap table', async () => {
    const { page } = memberTab;
    // The page polls while a request is unfinished; settlement lands a few hundred ms after finalization.
    const row = page.locator(`[data-testid="my-conversion"][data-conversion-id="${conversionId}"]`);
    await expect.poll(() => row.getAttribute('data-status'), SETTLE).toBe('SETTLED');
    expect(await bpsOf(row.getByTestId('granted-bps'))).toBe('10');
    expect(await amountOf(row.getByTestId('burned-buz'))).toBe('143');
    expect(await amountOf(row.getByTestId('unlocked-buz'))).toBe('7');
    expect(await row.getByTestId('cancel-conversion').count()).toBe(0);
    // Each board vote and its note, on the member's own request.
    const votes = await row
      .getByTestId('conversion-vote')
      .evaluateAll((items: VoteElement[]) =>
        items.map((item) => [item.getAttribute('data-vote'), item.querySelector('.vote__note')?.textContent]),
      );
    expect(votes).toEqual([
      ['APPROVE', 'Steady contributor, reviewed work'],
      ['APPROVE', 'Agreed'],
    ]);
    await expect.poll(() => amountOf(page.getByTestId('wallet-available')), SETTLE).toBe('37');
    await saveScreenshots(page, 'equity-settled');
    expect(await bpsOf(page.getByTestId('equity-holding').locator('[data-bps]'))).toBe('10');

    await row.getByRole('link', { name: 'Cap table' }).click();
    await page.waitForURL(url(`/equity/cap-table/${ventureId}`), SETTLE);
    const holder = page.locator(`[data-testid="cap-table-holder"][data-holder-id="${member.userId}"]`);
    await holder.waitFor(SETTLE);
    expect(await holder.getAttribute('data-bps')).toBe('10');
    expect(await page.locator(`[data-testid="cap-table-grant"][data-conversion-id="${conversionId}"]`).count()).toBe(1);

    expect(memberTab.pageErrors).toEqual([]);
    expect(boardATab.pageErrors).toEqual([]);
    expect(boardBTab.pageErrors).toEqual([]);
  });
});
