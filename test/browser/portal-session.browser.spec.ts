import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK } from '../../src/shared-kernel/clock';
import { launchBrowser } from '../support/browser';
import { testClock } from '../support/clock';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { SETTLE, expectTokensOutOfReach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

// The test moves the app's clock past the access tokens' lifetime, so the portal meets expiry without waiting for it.
const ACCESS_TOKEN_TTL_SECONDS = 60;
const UNTIL_EXPIRED_MS = ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000;

describe('Portal: expired access tokens are refreshed, and a dead session goes to sign-in (real API, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let member: TestUser;
  let tab: PortalTab;
  let refreshes = 0;
  let unauthorised = 0;
  const clock = testClock();

  beforeAll(async () => {
    app = await startTestApp({
      env: { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    member = await signUp(app);
    browser = await launchBrowser();
    tab = await openPortal(browser);
    // With a live stream the portal renews its session a moment before the token expires, so an
    // idle page never meets an expired token. Without EventSource (as after a laptop's sleep, when
    // the stream had no chance to), requests meet it: this is what these tests are about.
    await tab.context.addInitScript('delete window.EventSource');
    tab.page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/auth/refresh')) refreshes += 1;
    });
    tab.page.on('response', (response) => {
      if (response.status() === 401) unauthorised += 1;
    });
    await signInThroughPortal(tab.page, app.baseUrl, member.email);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('refreshes once for calls that fail together, then retries them', async () => {
    const { page } = tab;
    await page.getByTestId('no-devices').waitFor(SETTLE);
    await page.getByRole('link', { name: 'Ledger status' }).click();
    await page.getByTestId('events-count').waitFor(SETTLE);
    // The token expires only now, so the status page's own reads cannot be the ones that refresh it.
    clock.advance(UNTIL_EXPIRED_MS);
    refreshes = 0;
    unauthorised = 0;

    // Client-side navigation back to the account page reads /me and the devices at once.
    await page.getByRole('link', { name: 'My account' }).click();
    await page.getByTestId('no-devices').waitFor(SETTLE);
    expect(await page.getByTestId('account-email').textContent()).toBe(member.email);
    // Both reads met the expired token and one refresh served them both: two refreshes with the
    // same refresh token would look like theft to the server, which then ends the session.
    expect(unauthorised).toBeGreaterThanOrEqual(2);
    expect(refreshes).toBe(1);
    expect(page.url()).toBe(`${app.baseUrl}/account`);
  });

  it('keeps a write working across expiry: the device report is retried after the refresh', async () => {
    const { page } = tab;
    clock.advance(UNTIL_EXPIRED_MS);
    refreshes = 0;
    await page.getByTestId('disk-encrypted').check();
    await page.getByTestId('os-up-to-date').check();
    await page.getByTestId('screen-lock').check();
    await page.getByTestId('device-submit').click();

    const row = page.locator('[data-testid="device-row"][data-device-id="portal-browser"]');
    await expect.poll(() => row.getAttribute('data-compliant'), SETTLE).toBe('true');
    expect(await row.getByTestId('days-compliant').textContent()).toBe('0');
    expect(await page.getByTestId('device-result').textContent()).toContain('is compliant');
    expect(refreshes).toBe(1);
    await expectTokensOutOfReach(tab);
  });

  it('goes to sign-in, and back afterwards, when the session can no longer be refreshed', async () => {
    const { context, page } = tab;
    await context.clearCookies({ name: 'ss_refresh' });
    clock.advance(UNTIL_EXPIRED_MS);
    await page.getByTestId('device-submit').click();

    await page.waitForURL(/\/signin\?next=%2Faccount$/, SETTLE);
    expect(await page.getByTestId('signin-flash').textContent()).toContain('session has ended');
    await page.locator('#signin-email').fill(member.email);
    await page.locator('#signin-password').fill(PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.waitForURL(`${app.baseUrl}/account`, SETTLE);
    expect(tab.pageErrors).toEqual([]);
  });
});
