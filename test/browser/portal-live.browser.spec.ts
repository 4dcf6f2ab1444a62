import type { Browser, Page, Request } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LiveHub } from '../../src/live/live-hub.service';
import { CLOCK } from '../../src/shared-kernel/clock';
import { launchBrowser } from '../support/browser';
import { testClock } from '../support/clock';
import { acceptance, eligibleMember, integrationAuth } from '../support/earning';
import { signIn, signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

const MINUTE_MS = 60_000;
const WORKING_DAY_MINUTES = 8 * 60;
/**
 * Limits made short and tight, so a day of them passes in the test: 40 requests per account per
 * minute. The first minute holds the sign-in and three page loads (each with the top bar's
 * unread count, the wallet with its progress history); after that only live notices and session
 * renewals. The wallet page alone used to send 30 a minute (2 every 4 s), every minute.
 */
const LIMITS = {
  RATE_LIMIT_WINDOW_MS: String(MINUTE_MS),
  ACCOUNT_RATE_LIMIT_MAX: '40',
  RATE_LIMIT_MAX: '100',
  LOGIN_RATE_LIMIT_MAX: '10',
};

interface Traffic {
  data: string[];
  streams: number;
  renewals: number;
  tooMany: number;
}

/** What the pages send, by kind: data requests (what polling was), stream connections, session renewals, and 429s. */
function watch(pages: Page[]): Traffic {
  const traffic: Traffic = { data: [], streams: 0, renewals: 0, tooMany: 0 };
  const sort = (sent: Request) => {
    const { pathname } = new URL(sent.url());
    if (!pathname.startsWith('/api/')) return;
    if (pathname === '/api/v1/live') traffic.streams += 1;
    else if (pathname === '/api/v1/auth/refresh') traffic.renewals += 1;
    else traffic.data.push(`${sent.method()} ${pathname}`);
  };
  for (const page of pages) {
    page.on('request', sort);
    page.on('response', (response) => {
      if (response.status() === 429) traffic.tooMany += 1;
    });
  }
  return traffic;
}

/** The one claim of the access token (a JWT) the test reads. */
const accessClaimsSchema = z.object({ exp: z.number().int() });

/** The access cookie's expiry (seconds): the tabs renew it a minute before. */
async function accessExpiry(tab: PortalTab): Promise<number> {
  const access = (await tab.context.cookies()).find((cookie) => cookie.name === 'ss_access');
  if (!access) throw new Error('no access cookie');
  const payload = Buffer.from(access.value.split('.')[1], 'base64url').toString('utf8');
  return accessClaimsSchema.parse(JSON.parse(payload)).exp;
}

describe('Portal: a working day with the wallet and a task open (live updates; real API, built UI, Chromium)', () => {
  const clock = testClock();
  let app: TestApp;
  let browser: Browser;
  let member: TestUser;
  let claimer: TestUser;
  let taskId: string;
  let tab: PortalTab;
  let taskPage: Page;

  beforeAll(async () => {
    app = await startTestApp({ env: LIMITS, configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock) });
    const officer = await signUp(app, { roles: ['compliance'], mfa: true });
    member = await eligibleMember(app, officer);
    claimer = await signUp(app);
    ({ taskId } = await postedTask(app, await signUp(app)));
    await app.waitForProjections();
    browser = await launchBrowser();
    tab = await openPortal(browser);
    // The tabs' timers run on a clock the test moves, with the server's.
    await tab.context.clock.install();
    await signInThroughPortal(tab.page, app.baseUrl, member.email);
    await tab.page.goto(`${app.baseUrl}/wallet`);
    await tab.page.getByTestId('wallet-balance').waitFor(SETTLE);
    taskPage = await tab.context.newPage();
    await taskPage.goto(`${app.baseUrl}/tasks/${taskId}`);
    await taskPage.getByTestId('task-status').waitFor(SETTLE);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('sends no polling request, meets no 429, and only renews its session as the tokens near expiry', async () => {
    const hub = app.app.get(LiveHub);
    await expect.poll(() => hub.size, SETTLE).toBe(2);
    const traffic = watch([tab.page, taskPage]);
    let renewAtMs = (await accessExpiry(tab)) * 1000 - MINUTE_MS;
    for (let minute = 1; minute <= WORKING_DAY_MINUTES; minute += 1) {
      clock.advance(MINUTE_MS);
      await tab.page.clock.runFor(MINUTE_MS);
      if (clock.now().getTime() < renewAtMs) continue;
      // Both streams were asked to renew: each tab refreshes its session and reconnects.
      const renewedBefore = traffic.renewals;
      await expect.poll(() => traffic.renewals, SETTLE).toBeGreaterThanOrEqual(renewedBefore + 2);
      await expect.poll(() => hub.size, SETTLE).toBe(2);
      renewAtMs = (await accessExpiry(tab)) * 1000 - MINUTE_MS;
    }

    expect(traffic.data).toEqual([]);
    expect(traffic.tooMany).toBe(0);
    // Two tabs, a renewal (one refresh and one reconnect each) about every 14 minutes.
    expect(traffic.renewals).toBeGreaterThanOrEqual(2 * Math.floor(WORKING_DAY_MINUTES / 15));
    expect(traffic.streams).toBe(traffic.renewals);
    console.log(
      `idle portal, 2 tabs, ${WORKING_DAY_MINUTES} simulated minutes: ${traffic.data.length} data requests, ${traffic.renewals} refreshes, ${traffic.streams} stream connections = ${((traffic.renewals + traffic.streams) / WORKING_DAY_MINUTES).toFixed(2)} requests/min`,
    );
    expect(tab.pageErrors).toEqual([]);
  });

  it('shows a change made elsewhere on the open pages, live: an award in the wallet, a claim on the task', async () => {
    const system = await integrationAuth(app);
    const reviewer = await signUp(app);
    await request(app.baseUrl)
      .post('/api/v1/events/task/accepted')
      .set(system)
      .send(acceptance(member.userId, [reviewer.userId]))
      .expect(200);
    // The claimer's morning token ran out during the day: a fresh sign-in.
    const { auth } = await signIn(app, claimer.email, claimer.userId);
    await request(app.baseUrl).post(`/api/v1/tasks/${taskId}/claim`).set(auth).expect(200);

    await expect.poll(() => tab.page.getByTestId('wallet-balance').getAttribute('data-amount'), SETTLE).not.toBe('0');
    await expect.poll(() => taskPage.getByTestId('task-status').getAttribute('data-status'), SETTLE).toBe('CLAIMED');
    expect(await tab.page.getByTestId('freshness').textContent()).toContain('updates live');
  });
});

describe('Portal: a 429 is "slow down", never a sign-out (real API, built UI, Chromium)', () => {
  const clock = testClock();
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp({
      // Room for the sign-in and the wallet's first load, and not much more.
      env: { ACCOUNT_RATE_LIMIT_MAX: '24' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('says how long to wait, keeps the person signed in, and works again once the window has passed', async () => {
    const member = await signUp(app);
    const tab = await openPortal(browser);
    const { page } = tab;
    await signInThroughPortal(page, app.baseUrl, member.email);
    await page.goto(`${app.baseUrl}/wallet`);
    await page.getByTestId('wallet-balance').waitFor(SETTLE);

    // "Refresh now" until the account's budget is spent.
    for (let click = 0; click < 24 && (await page.getByTestId('slow-down').count()) === 0; click += 1) {
      await page.getByRole('button', { name: 'Refresh now' }).click();
      await page.getByRole('button', { name: 'Refresh now' }).waitFor(SETTLE);
    }
    await page.getByTestId('slow-down').waitFor(SETTLE);
    expect(await page.getByTestId('slow-down').textContent()).toMatch(/Slow down: retry in \d+ s/);
    expect(page.url()).toBe(`${app.baseUrl}/wallet`);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);

    // A full reload meets the 429 on /auth/me: the page says so instead of sending the person to sign in.
    await page.reload();
    await page.getByTestId('rate-limited').waitFor(SETTLE);
    expect(await page.getByTestId('rate-limited').textContent()).toMatch(/Slow down: retry in \d+ s/);
    expect(page.url()).toBe(`${app.baseUrl}/wallet`);

    clock.advance(15 * MINUTE_MS);
    await page.getByTestId('try-again').click();
    await page.getByTestId('wallet-balance').waitFor(SETTLE);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    expect(tab.pageErrors).toEqual([]);
  });
});
