import type { Browser, Locator } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversionRequestedSchema } from '../../src/conversion/http/conversion.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { launchBrowser } from '../support/browser';
import { testClock } from '../support/clock';
import { makeBoardMember, memberWithBuz, openWindow, runWindowsJob } from '../support/conversion';
import { portalTask } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

// Long enough for the request and the first vote however slow the machine: the test then moves the app's clock past it.
const WINDOW_OPEN_MS = 5 * 60_000;

/**
 * #14 §1: everywhere a person appears, the portal names them by their display name (nickname),
 * never as "Member 52b60fac": a task's reviews, a board vote card (requester and voters), a
 * window's finalization rows, the cap table (holders and grants) and the profile itself.
 * Real API on PostgreSQL, built UI, Chromium.
 */
describe('Portal: display names wherever a person appears', () => {
  const clock = testClock();
  let app: TestApp;
  let browser: Browser;
  let tab: PortalTab;
  let admin: TestUser;
  let member: TestUser;
  let reviewer: TestUser;
  let boardA: TestUser;
  let boardB: TestUser;
  let taskId: string;
  let ventureId: string;
  let windowId: string;
  let conversionId: string;
  let closesAt: number;
  const NAMES = new Map<string, string>();

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    reviewer = await signUp(app);
    member = await memberWithBuz(app, admin, reviewer);
    boardA = await makeBoardMember(app, await signUp(app));
    boardB = await makeBoardMember(app, await signUp(app));
    const owner = await signUp(app);
    const api = request(app.baseUrl);
    for (const [user, nickname] of [
      [member, 'Ada Lovelace'],
      [reviewer, 'Radia Perlman'],
      [boardA, 'Barbara Liskov'],
      [boardB, 'Edsger Dijkstra'],
    ] as const) {
      await api.patch('/api/v1/profiles/me').set(user.auth).send({ nickname }).expect(200);
      NAMES.set(user.userId, nickname);
    }
    ({ taskId, ventureId } = await portalTask(app, { owner, assignee: member, reviewer }));
    ({ windowId, closesAt } = await openWindow(app, boardA, admin, {
      ventureId,
      rateBps: '700',
      openForMs: WINDOW_OPEN_MS,
    }));
    conversionId = json(
      await api.post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: '150' }).expect(201),
      conversionRequestedSchema,
    ).conversionId;
    await api
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(boardA.auth)
      .send({ vote: 'APPROVE', note: 'Steady contributor' })
      .expect(200);
    await app.waitForProjections();
    browser = await launchBrowser();
    tab = await openPortal(browser);
    await signInThroughPortal(tab.page, app.baseUrl, boardB.email, boardB.totpSecret, '/board');
  });

  afterAll(async () => {
    expect(tab.pageErrors).toEqual([]);
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  /** The person's MemberLink inside `scope` shows their nickname, and the short-id form nowhere. */
  async function expectNamed(scope: Locator, user: TestUser): Promise<void> {
    const link = scope.locator(`a[data-user-id="${user.userId}"]`).first();
    await expect.poll(async () => (await link.textContent())?.trim(), SETTLE).toBe(NAMES.get(user.userId));
    expect(await scope.textContent()).not.toContain(`Member ${user.userId.slice(0, 8)}`);
  }

  it("names the reviewer and the assignee on the task's reviews", async () => {
    const { page } = tab;
    await page.goto(url(`/tasks/${taskId}`));
    const reviews = page.getByTestId('review-item');
    await reviews.first().waitFor(SETTLE);
    await expectNamed(reviews.first(), reviewer);
    await expectNamed(page.getByTestId('task-assignee'), member);
    await saveScreenshots(page, 'names-task-reviews');
  });

  it('names the requester and the voters on a board vote card', async () => {
    const { page } = tab;
    await page.goto(url('/board'));
    const card = page.locator(`[data-testid="pending-conversion"][data-conversion-id="${conversionId}"]`);
    await card.waitFor(SETTLE);
    await expectNamed(card, member);
    await expectNamed(card.getByTestId('votes'), boardA);
    await saveScreenshots(page, 'names-board-card');
  });

  it("names the member on the window's finalization rows, then on the cap table", async () => {
    await request(app.baseUrl)
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(boardB.auth)
      .send({ vote: 'APPROVE', note: 'Agreed' })
      .expect(200);
    clock.advance(Math.max(0, closesAt - clock.now().getTime() + 1000));
    await runWindowsJob(app, admin);
    const { page } = tab;
    await page.goto(url(`/board/windows/${windowId}`));
    const allocation = page.locator(`[data-testid="summary-allocation"][data-conversion-id="${conversionId}"]`);
    await allocation.waitFor(SETTLE);
    await expectNamed(allocation, member);
    await saveScreenshots(page, 'names-finalization');

    await request(app.baseUrl)
      .post(`/api/v1/conversion-windows/${windowId}/finalize`)
      .set(boardA.auth)
      .send({ confirm: true })
      .expect(200);
    await app.waitForProjections();
    await page.goto(url(`/equity/cap-table/${ventureId}`));
    const holder = page.locator(`[data-testid="cap-table-holder"][data-holder-id="${member.userId}"]`);
    await holder.waitFor(SETTLE);
    await expectNamed(holder, member);
    await expectNamed(page.locator(`[data-testid="cap-table-grant"][data-conversion-id="${conversionId}"]`), member);
    await saveScreenshots(page, 'names-cap-table');
  });

  it('names the member on their profile', async () => {
    const { page } = tab;
    await page.goto(url(`/profiles/${member.userId}`));
    const heading = page.getByTestId('profile-name');
    await expect.poll(() => heading.textContent(), SETTLE).toBe('Ada Lovelace');
    expect(await page.locator('main').textContent()).not.toContain(`Member ${member.userId.slice(0, 8)}`);
  });
});
