import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { totpCode, totpStep } from '../../src/platform/auth/totp';
import { PASSWORD } from './identity';

/** Cookies a script in the page can read (the test tsconfig has no DOM types, so a string). */
export function readableCookies(page: Page): Promise<string> {
  return page.evaluate<string>('document.cookie');
}

/**
 * One attribute of every element the locator matches, read in one pass in the page (so the list
 * cannot change between reads). The test tsconfig has no DOM types: the element is typed by what
 * the function uses.
 */
export function attributeOfEach(locator: Locator, name: string): Promise<(string | null)[]> {
  return locator.evaluateAll(
    (elements: { getAttribute(name: string): string | null }[], attribute: string) =>
      elements.map((element) => element.getAttribute(attribute)),
    name,
  );
}

/** The portal renders after its API calls; a busy CI machine running PostgreSQL too can take a while. */
export const SETTLE = { timeout: 15_000 };

export interface PortalTab {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page; tests end by expecting none. */
  pageErrors: string[];
}

/** A fresh browser profile (its own cookie jar), so two people can be signed in side by side. */
export async function openPortal(browser: Browser): Promise<PortalTab> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, pageErrors };
}

/**
 * A TOTP code the server has not seen yet. The server refuses a step it already accepted
 * (replay protection) and accepts one step of drift, so the next step is always fresh after an
 * enrolment or sign-in that used the current one.
 */
export function freshTotpCode(secret: string): string {
  return totpCode(secret, totpStep(Date.now()) + 1);
}

export function secretFromOtpauthUri(uri: string): string {
  const secret = new URL(uri).searchParams.get('secret');
  if (!secret) throw new Error(`no secret in ${uri}`);
  return secret;
}

/** Signs in through the sign-in form, with the TOTP step when the account has MFA, and lands on `landing`. */
export async function signInThroughPortal(
  page: Page,
  baseUrl: string,
  email: string,
  totpSecret?: string | null,
  landing = '/account',
): Promise<void> {
  // A plain sign-in lands on the dashboard (portal-account-basics checks that); `?next=` sends
  // the browser straight to the page a test starts from, with no page load in between.
  await page.goto(`${baseUrl}/signin?next=${encodeURIComponent(landing)}`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByTestId('signin-submit').click();
  if (totpSecret) {
    await page.getByTestId('signin-second-factor').waitFor(SETTLE);
    await page.getByTestId('totp-code').fill(freshTotpCode(totpSecret));
    await page.getByTestId('verify-mfa').click();
  }
  await page.waitForURL(`${baseUrl}${landing}`, SETTLE);
}

/**
 * The session must live only in httpOnly cookies: scripts can't read the access token, and
 * nothing token-like is in Web Storage (JWTs start with "eyJ", the base64 of '{"').
 */
export async function expectTokensOutOfReach({ context, page }: PortalTab): Promise<void> {
  const cookies = await context.cookies();
  const access = cookies.find((cookie) => cookie.name === 'ss_access');
  const refresh = cookies.find((cookie) => cookie.name === 'ss_refresh');
  expect(access?.httpOnly).toBe(true);
  expect(refresh?.httpOnly).toBe(true);

  // A string runs in the page: the test tsconfig has no DOM types, and shouldn't, for src/'s sake.
  const seen = await page.evaluate<{ cookie: string; stored: string[] }>(`({
    cookie: document.cookie,
    stored: [localStorage, sessionStorage].flatMap((storage) => Object.keys(storage).map((key) => key + '=' + storage.getItem(key))),
  })`);
  expect(seen.cookie).toContain('ss_csrf');
  expect(seen.cookie).not.toContain('ss_access');
  expect(seen.cookie).not.toContain('ss_refresh');
  expect(seen.cookie).not.toContain(access?.value);
  for (const entry of seen.stored) {
    expect(entry).not.toContain('eyJ');
    expect(entry).not.toContain(access?.value);
    expect(entry).not.toContain(refresh?.value);
  }
}
