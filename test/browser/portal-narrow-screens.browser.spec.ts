import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { userStream } from '../../src/identity/domain/user.events';
import { meResponseSchema } from '../../src/identity/http/identity.responses';
import { requestCreatedResponseSchema } from '../../src/documents/http/signatures.responses';
import { venturesSchema, ventureWithTasksSchema } from '../../src/ventures/http/ventures.responses';
import { DEMO_ACCOUNTS } from '../../src/seed/demo-accounts';
import { seedDemoIfNew } from '../../src/seed/demo-seed';
import { launchBrowser } from '../support/browser';
import { openWindow } from '../support/conversion';
import { uploadedDocument } from '../support/documents';
import { PASSWORD, enrollMfa, signIn, signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { concreteRoute, measureOverflow, portalRoutes, settled, trackRequests } from '../support/portal-routes';
import { saveScreenshots } from '../support/screenshots';
import { shareForSigning } from '../support/signing';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 900 };
/** One row of the top bar: its 3.5rem minimum, plus a little for borders. A wrapped bar is twice that. */
const ONE_ROW_PX = 64;

/** Pages each role is shown at both widths, as the screenshots of #16 §6. */
const KEY_PAGES: Record<string, string[]> = {
  anonymous: ['/'],
  member: ['/wallet', '/equity'],
  owner: ['/ventures/[ventureId]'],
  board: ['/board'],
  admin: ['/admin/users'],
  compliance: ['/compliance/kyc'],
  auditor: ['/audit', '/audit/streams/[streamId]'],
};

describe('Portal on a phone: no page is wider than 390 px, for any role, and the top bar never wraps at 1280 px', () => {
  let app: TestApp;
  let browser: Browser;
  const accounts = new Map<string, TestUser | null>();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    await seedDemoIfNew(app.app, new Map(DEMO_ACCOUNTS.map((account) => [account.email, PASSWORD])), () => undefined);
    await app.waitForProjections();
    const demo = async (key: string, mfa = false) => {
      const user = await demoUser(app, `${key}@demo.smartstart.dev`);
      return mfa ? enrollMfa(app, user) : user;
    };
    const [alice, bob, board, admin, auditor] = [
      await demo('alice'),
      await demo('bob'),
      await demo('board1', true),
      await demo('admin', true),
      await demo('auditor', true),
    ];
    accounts.set('anonymous', null);
    accounts.set('member', bob);
    accounts.set('owner', alice);
    accounts.set('board', board);
    accounts.set('admin', admin);
    accounts.set('compliance', await signUp(app, { roles: ['compliance'], mfa: true }));
    accounts.set('auditor', auditor);
    Object.assign(ids, await concreteIds(app, { alice, bob, board, admin }));
    browser = await launchBrowser();
  });

  const signedIn = (role: string): TestUser => {
    const user = accounts.get(role);
    if (!user) throw new Error(`no ${role} account`);
    return user;
  };

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('finds every page of the portal, and has a concrete id for each dynamic one', () => {
    const routes = portalRoutes();
    expect(routes).toContain('/');
    expect(routes).toContain('/audit/streams/[streamId]/events/[revision]');
    for (const route of routes) expect(concreteRoute(route, ids)).not.toMatch(/\[|\]/);
  });

  it.each([...['anonymous', 'member', 'owner', 'board', 'admin', 'compliance', 'auditor']])(
    'as %s: every route fits 390 px, and the top bar is one row at 1280 px',
    async (role) => {
      const tab = await openPortal(browser);
      const inFlight = trackRequests(tab.page);
      const user = accounts.get(role);
      if (user) await signInThroughPortal(tab.page, app.baseUrl, user.email, user.totpSecret);
      else await tab.page.goto(app.baseUrl);
      await expectOneRowTopBar(tab, inFlight);

      await tab.page.setViewportSize(PHONE);
      const overflowing: string[] = [];
      for (const route of portalRoutes()) {
        await tab.page.goto(`${app.baseUrl}${concreteRoute(route, ids)}`);
        await settled(tab.page, inFlight);
        const overflow = await measureOverflow(tab.page);
        if (overflow.scrollWidth > overflow.innerWidth)
          overflowing.push(`${route}: ${overflow.scrollWidth}px (${overflow.culprits.join(', ')})`);
      }
      expect(overflowing).toEqual([]);

      for (const route of KEY_PAGES[role]) {
        await tab.page.goto(`${app.baseUrl}${concreteRoute(route, ids)}`);
        await settled(tab.page, inFlight);
        await saveScreenshots(
          tab.page,
          `narrow-${role}${route === '/' ? '-home' : route.replace(/\/\[?(\w+)\]?/g, '-$1')}`,
        );
      }
      expect(tab.pageErrors).toEqual([]);
      await tab.context.close();
    },
  );

  it('on a phone, a menu button opens the links, Escape closes it and gives focus back', async () => {
    const tab = await openPortal(browser);
    const inFlight = trackRequests(tab.page);
    const member = signedIn('member');
    await signInThroughPortal(tab.page, app.baseUrl, member.email);
    await tab.page.setViewportSize(PHONE);
    await settled(tab.page, inFlight);
    const button = tab.page.getByTestId('menu-button');
    const ventures = tab.page.getByRole('link', { name: 'Ventures', exact: true });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await ventures.isVisible()).toBe(false);

    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await ventures.waitFor({ state: 'visible', ...SETTLE });
    // Focus moves into the menu, onto its first link.
    expect(await tab.page.evaluate<boolean>("document.activeElement === document.querySelector('#main-nav a')")).toBe(
      true,
    );
    await saveScreenshots(tab.page, 'narrow-menu-open');
    await tab.page.setViewportSize(PHONE);

    await tab.page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await ventures.isVisible()).toBe(false);
    expect(await tab.page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null")).toBe(
      'menu-button',
    );

    // A link chosen in the menu navigates and closes it.
    await button.click();
    await ventures.click();
    await tab.page.waitForURL(`${app.baseUrl}/ventures`, SETTLE);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(tab.pageErrors).toEqual([]);
    await tab.context.close();
  });

  async function expectOneRowTopBar(tab: PortalTab, inFlight: () => number): Promise<void> {
    await tab.page.setViewportSize(LAPTOP);
    await settled(tab.page, inFlight);
    const height = await tab.page.evaluate<number>(
      "document.querySelector('header.topbar').getBoundingClientRect().height",
    );
    expect(height).toBeLessThanOrEqual(ONE_ROW_PX);
  }
});

/** A seeded demo account, signed in with a bearer token (the demo's passwords are the test's here). */
async function demoUser(app: TestApp, email: string): Promise<TestUser> {
  const probe = await signIn(app, email, '');
  const me = json(await request(app.baseUrl).get('/api/v1/auth/me').set(probe.auth).expect(200), meResponseSchema);
  if (!('userId' in me)) throw new Error(`${email} signed in as an integration`);
  return { ...probe, userId: me.userId };
}

/** An id that exists for every dynamic route: the demo's venture and task, a window, a document and a signature request. */
async function concreteIds(
  app: TestApp,
  people: { alice: TestUser; bob: TestUser; board: TestUser; admin: TestUser },
): Promise<Record<string, string>> {
  const { alice, bob, board, admin } = people;
  const ventures = json(await request(app.baseUrl).get('/api/v1/ventures').set(alice.auth).expect(200), venturesSchema);
  const ventureId = ventures[0].ventureId;
  const venture = json(
    await request(app.baseUrl).get(`/api/v1/ventures/${ventureId}`).set(alice.auth).expect(200),
    ventureWithTasksSchema,
  );
  const { windowId } = await openWindow(app, board, admin, { ventureId, rateBps: '100', openForMs: 3_600_000 });
  const { documentId } = await uploadedDocument(app, alice);
  await shareForSigning(app, alice, documentId, bob);
  const { requestId } = json(
    await request(app.baseUrl)
      .post('/api/v1/signatures')
      .set(alice.auth)
      .send({ documentId, signers: [{ userId: bob.userId }], message: 'Please sign' })
      .expect(201),
    requestCreatedResponseSchema,
  );
  const badges = json(
    await request(app.baseUrl).get('/api/v1/badges').expect(200),
    z.object({ badges: z.array(z.object({ code: z.string() })).min(1) }),
  );
  await app.waitForProjections();
  return {
    ventureId,
    taskId: venture.tasks[0].taskId,
    windowId,
    documentId,
    requestId,
    code: badges.badges[0].code,
    userId: alice.userId,
    streamId: userStream(alice.userId),
    revision: '0',
  };
}
