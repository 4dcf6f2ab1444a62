import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentResponseSchema } from '../../src/documents/http/documents.responses';
import { holdPlacedSchema } from '../../src/documents/http/legal-holds.controller';
import { ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';
import { launchBrowser } from '../support/browser';
import { pdfBytes } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Portal: filing an upload under one of your ventures, which a venture hold then covers (real API, PostgreSQL, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let officer: TestUser;
  let tab: PortalTab;
  let acmeId: string;

  beforeAll(async () => {
    app = await startTestApp();
    const [member, bob, compliance] = await Promise.all([
      signUp(app),
      signUp(app),
      signUp(app, { roles: ['compliance'], mfa: true }),
    ]);
    alice = member;
    officer = compliance;
    const found = async (owner: TestUser, name: string) =>
      json(
        await request(app.baseUrl).post('/api/v1/ventures').set(owner.auth).send({ name }).expect(201),
        ventureCreatedSchema,
      ).ventureId;
    acmeId = await found(alice, 'Acme Robotics');
    await found(bob, 'Bob Bakery');
    // The ventures list is a read model: the form offers what it holds.
    await app.waitForProjections();
    browser = await launchBrowser();
    tab = await openPortal(browser);
    await signInThroughPortal(tab.page, app.baseUrl, alice.email, null, '/documents');
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  async function uploadThroughForm(title: string, venture: string | null): Promise<string> {
    const { page } = tab;
    await page.goto(`${app.baseUrl}/documents`);
    await page.getByLabel('Title').fill(title);
    if (venture) await page.getByLabel('Venture', { exact: true }).selectOption({ label: venture });
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'doc.pdf', mimeType: 'application/pdf', buffer: pdfBytes(title) });
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/, SETTLE);
    return page.url().split('/').at(-1) as string;
  }

  const stored = async (documentId: string) =>
    json(
      await request(app.baseUrl).get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200),
      documentResponseSchema,
    );

  it("offers only the member's own ventures, or none", async () => {
    const { page } = tab;
    const options = await page.getByLabel('Venture', { exact: true }).locator('option').allTextContents();
    expect(options).toEqual(['None', 'Acme Robotics']);
    await page.getByLabel('Title').fill('Acme shareholder agreement');
    await page.getByLabel('Venture', { exact: true }).selectOption({ label: 'Acme Robotics' });
    await saveScreenshots(page, 'upload-venture');
  });

  it('files the document under the chosen venture, and a hold on the venture covers it', async () => {
    const { page } = tab;
    const documentId = await uploadThroughForm('Acme shareholder agreement', 'Acme Robotics');
    const venture = page.getByTestId('document-venture');
    expect(await venture.getAttribute('data-venture-id', SETTLE)).toBe(acmeId);
    expect(await venture.getByRole('link').textContent()).toBe('Acme Robotics');
    expect((await stored(documentId)).ventureId).toBe(acmeId);

    const placed = await request(app.baseUrl)
      .post('/api/v1/legal-holds')
      .set(officer.auth)
      .send({ scope: 'venture', scopeId: acmeId, reason: 'Investor dispute', caseRef: 'CASE-ACME-1' })
      .expect(201);
    const { holdId } = json(placed, holdPlacedSchema);
    await page.reload();
    expect(await page.getByTestId('document-hold').getAttribute('data-hold-id', SETTLE)).toBe(holdId);
    await page.getByTestId('delete-document').click();
    await page.getByTestId('confirm-delete-document').click();
    const refusal = page.getByTestId('document-action-error');
    await refusal.waitFor(SETTLE);
    expect(await refusal.textContent()).toContain(holdId);
    await saveScreenshots(page, 'document-venture-held');
    expect((await stored(documentId)).status).toBe('ACTIVE');
  });

  it('files a document under no venture when None is chosen', async () => {
    const documentId = await uploadThroughForm('Personal note', null);
    expect(await tab.page.getByTestId('document-venture').textContent(SETTLE)).toContain('None');
    expect((await stored(documentId)).ventureId).toBeNull();
    expect(tab.pageErrors).toEqual([]);
  });
});
