import type { Browser, Locator } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdSchema, clientsSchema } from '../../src/documents/http/clients.controller';
import { holdPlacedSchema } from '../../src/documents/http/legal-holds.controller';
import { launchBrowser } from '../support/browser';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

describe("Portal: erasing a client's personal data, and a legal hold refusing it (real API, PostgreSQL, Chromium)", () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let tab: PortalTab;
  let heldClientId: string;
  let freeClientId: string;
  let holdId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const [member, officer] = await Promise.all([signUp(app), signUp(app, { roles: ['compliance'], mfa: true })]);
    alice = member;
    const addClient = async (name: string, email: string) =>
      json(
        await request(app.baseUrl).post('/api/v1/clients').set(alice.auth).send({ name, email }).expect(201),
        clientIdSchema,
      ).clientId;
    heldClientId = await addClient('Held Hopper', 'held@hopper.example');
    freeClientId = await addClient('Free Lovelace', 'free@lovelace.example');
    const placed = await request(app.baseUrl)
      .post('/api/v1/legal-holds')
      .set(officer.auth)
      .send({ scope: 'client', scopeId: heldClientId, reason: 'Pending litigation', caseRef: 'CASE-ERASE-1' })
      .expect(201);
    holdId = json(placed, holdPlacedSchema).holdId;
    browser = await launchBrowser();
    tab = await openPortal(browser);
    await signInThroughPortal(tab.page, app.baseUrl, alice.email, null, '/clients');
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const clientItem = (clientId: string): Locator =>
    tab.page.locator(`[data-testid="client-item"][data-client-id="${clientId}"]`);
  const storedClient = async (clientId: string) => {
    const listed = await request(app.baseUrl).get('/api/v1/clients').set(alice.auth).expect(200);
    return json(listed, clientsSchema).clients.find((client) => client.clientId === clientId);
  };

  it('says what erasure removes and what the log keeps, and shows the hold that refuses it', async () => {
    const item = clientItem(heldClientId);
    await item.getByTestId('erase-client').click();
    const confirm = item.getByTestId(`erase-client-${heldClientId}`);
    await confirm.waitFor(SETTLE);
    const explained = (await confirm.textContent()) ?? '';
    expect(explained).toContain('Erase the personal data of Held Hopper?');
    expect(explained).toContain('name, email, phone, organization and tags');
    expect(explained).toContain('The ledger keeps');
    await saveScreenshots(tab.page, 'client-erase-confirm');

    await item.getByTestId(`erase-client-${heldClientId}-yes`).click();
    const held = item.getByTestId('erase-client-held');
    await held.waitFor(SETTLE);
    expect(await held.textContent()).toContain('A legal hold blocks this erasure');
    expect(await item.getByTestId('erase-client-hold-id').textContent()).toBe(holdId);
    expect(await held.textContent()).toContain('covers this client');
    await saveScreenshots(tab.page, 'client-erase-held');
    expect(await storedClient(heldClientId)).toEqual(
      expect.objectContaining({ name: 'Held Hopper', email: 'held@hopper.example', erasedAt: null }),
    );
  });

  it('erases a client no hold covers: the list shows "Erased" and the details are blank', async () => {
    const item = clientItem(freeClientId);
    await item.getByTestId('erase-client').click();
    await item.getByTestId(`erase-client-${freeClientId}-yes`).click();
    await expect.poll(() => item.getByTestId('client-name').textContent(), SETTLE).toBe('Erased');
    expect(await item.getByTestId('erase-client').count()).toBe(0);
    await saveScreenshots(tab.page, 'client-erased');
    const erased = await storedClient(freeClientId);
    expect(erased).toEqual(
      expect.objectContaining({ name: '', email: null, phone: null, organization: null, tags: [] }),
    );
    expect(erased?.erasedAt).not.toBeNull();
    expect(tab.pageErrors).toEqual([]);
  });
});
