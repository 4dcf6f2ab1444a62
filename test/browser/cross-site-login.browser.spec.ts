import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

/**
 * Issue #12 item 1, in a real Chromium: an attacker's page on another origin tries to sign the
 * victim's browser into the attacker's account (login CSRF), and to sign the victim out. The
 * portal is at http://127.0.0.1:<api port>; the attacker serves its pages from a second port,
 * as http://localhost:<port> (another site) and as http://127.0.0.1:<port> (same site, another
 * origin: SameSite=Lax cookies still go along with its requests).
 */
describe('a page on another origin cannot sign the browser in or out (real API, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let attackerSite: Server | undefined;
  let attackerPort = 0;
  let attacker: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    [attacker, member] = [await signUp(app), await signUp(app)];
    attackerSite = await serveAttackerPages(app.baseUrl, attacker.email);
    attackerPort = (attackerSite.address() as AddressInfo).port;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await new Promise((resolve) => attackerSite?.close(resolve));
    await closeIfStarted(app);
  });

  const sessionCookies = async ({ context }: PortalTab) =>
    (await context.cookies(app.baseUrl)).filter((cookie) => cookie.name.startsWith('ss_')).map((cookie) => cookie.name);

  /**
   * Opens an attacker page and returns what became of the request it makes the browser send: the
   * API's status, or, for a fetch, that the browser withheld the answer from the foreign page
   * (the API sends Cross-Origin-Resource-Policy: same-origin, so Chromium reports those as failed).
   */
  async function visit(page: Page, pageUrl: string, apiPath: string): Promise<number | 'withheld'> {
    const isTarget = (request: Request) => request.url() === `${app.baseUrl}${apiPath}` && request.method() === 'POST';
    const answered = page
      .waitForResponse((response) => isTarget(response.request()), SETTLE)
      .then((response) => response.status());
    const withheld = page.waitForEvent('requestfailed', { predicate: isTarget, ...SETTLE }).then((request) => {
      expect(request.failure()?.errorText).toMatch(/ERR_BLOCKED_BY_RESPONSE/);
      return 'withheld' as const;
    });
    // Whichever happens, the other waiter times out later; its rejection is not this test's result.
    answered.catch(() => undefined);
    withheld.catch(() => undefined);
    await page.goto(pageUrl);
    return Promise.race([answered, withheld]);
  }

  it.each([
    ['another site', () => `http://localhost:${attackerPort}`],
    ['the same site on another port', () => `http://127.0.0.1:${attackerPort}`],
  ])('refuses an auto-submitting sign-in form from %s with 415, and sets no cookie', async (_, attackerOrigin) => {
    const tab = await openPortal(browser);
    // A form submission is a navigation, so the browser shows the API's answer.
    expect(await visit(tab.page, `${attackerOrigin()}/form`, '/api/v1/auth/login')).toBe(415);
    await expect(tab.page.textContent('body')).resolves.toMatch(/UNSUPPORTED_MEDIA_TYPE/);
    expect(await sessionCookies(tab)).toEqual([]);
    await tab.context.close();
  });

  it('refuses a credentialed fetch of the sign-in as text/plain (415, withheld from the page), and sets no cookie', async () => {
    const tab = await openPortal(browser);
    expect(await visit(tab.page, `http://localhost:${attackerPort}/fetch`, '/api/v1/auth/login')).toBe('withheld');
    expect(await sessionCookies(tab)).toEqual([]);
    await tab.context.close();
  });

  it('keeps a signed-in victim signed in as themselves: no account switch, no sign-out (403) from the same site', async () => {
    const tab = await openPortal(browser);
    await signInThroughPortal(tab.page, app.baseUrl, member.email);
    const before = await tab.context.cookies(app.baseUrl);

    expect(await visit(tab.page, `http://127.0.0.1:${attackerPort}/form`, '/api/v1/auth/login')).toBe(415);
    // Bodyless, so the Origin rule answers 403 (test/e2e/cross-site-requests covers the status); the page never sees it.
    expect(await visit(tab.page, `http://127.0.0.1:${attackerPort}/logout`, '/api/v1/auth/logout')).toBe('withheld');

    expect(await tab.context.cookies(app.baseUrl)).toEqual(before);
    await tab.page.goto(`${app.baseUrl}/account`);
    expect(await tab.page.getByTestId('account-email').textContent(SETTLE)).toBe(member.email);
    expect(tab.pageErrors).toEqual([]);
    await tab.context.close();
  });
});

/**
 * The attacker's pages: a form that submits itself (form-encoded, as the reported attack did),
 * a credentialed fetch with a JSON text body (text/plain needs no CORS preflight), and a
 * credentialed bodyless sign-out. Listening on all interfaces serves both localhost and 127.0.0.1.
 */
async function serveAttackerPages(apiUrl: string, attackerEmail: string): Promise<Server> {
  const login = `${apiUrl}/api/v1/auth/login`;
  const credentials = { email: attackerEmail, password: PASSWORD, session: 'cookie' };
  const pages: Record<string, string> = {
    '/form': `<form id="f" method="POST" action="${login}">${Object.entries(credentials)
      .map(([name, value]) => `<input name="${name}" value="${value}">`)
      .join('')}</form><script>document.getElementById('f').submit()</script>`,
    '/fetch': `<script>fetch(${JSON.stringify(login)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify(credentials))} }).catch(() => undefined)</script>`,
    '/logout': `<script>fetch(${JSON.stringify(`${apiUrl}/api/v1/auth/logout`)}, { method: 'POST', mode: 'no-cors', credentials: 'include' }).catch(() => undefined)</script>`,
  };
  const server = createServer((request, response) => {
    const page = pages[request.url ?? ''];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ? `<!doctype html><title>attacker</title>${page}` : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return server;
}
