import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentsResponseSchema, sharedResponseSchema } from '../../src/documents/http/shares.responses';
import { launchBrowser } from '../support/browser';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Portal: the page a client opens from a share link, without an account (real API, PostgreSQL, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let clientTab: PortalTab;
  const pdf = pdfBytes('quote for the client');
  let documentId: string;
  let shareId: string;
  let linkToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    alice = await signUp(app);
    ({ documentId } = await uploadedDocument(app, alice, { title: 'Quote 2026-12', content: pdf }));
    const added = await request(app.baseUrl).post('/api/v1/clients').set(alice.auth).send({ name: 'Ada Client' });
    const { clientId } = added.body as { clientId: string };
    const shared = await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({ clientId, canView: true, canComment: true })
      .expect(201);
    const answer = json(shared, sharedResponseSchema);
    shareId = answer.shareId;
    linkToken = answer.linkToken ?? '';
    browser = await launchBrowser();
    clientTab = await openPortal(browser);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('opens the document from the link, takes the token out of the address bar, downloads it and comments', async () => {
    const { page } = clientTab;
    await page.goto(`${app.baseUrl}/share#${linkToken}`);
    const shown = page.getByTestId('shared-document');
    await shown.waitFor(SETTLE);
    expect(await shown.textContent()).toContain('Quote 2026-12');
    expect(page.url()).toBe(`${app.baseUrl}/share`);

    const [download] = await Promise.all([
      page.waitForEvent('download', SETTLE),
      page.getByTestId('shared-download').click(),
    ]);
    expect(await readFile(await download.path())).toEqual(pdf);

    await page.getByTestId('comment-input').fill('Can the delivery date move to January?');
    await page.getByTestId('comment-submit').click();
    await page.getByTestId('comment-body').getByText('Can the delivery date move to January?').waitFor(SETTLE);
    await saveScreenshots(page, 'client-share-link');
    const comments = await request(app.baseUrl).get(`/api/v1/documents/${documentId}/comments`).set(alice.auth);
    expect(json(comments, commentsResponseSchema).comments).toEqual([
      expect.objectContaining({ shareId, body: 'Can the delivery date move to January?' }),
    ]);
    expect(clientTab.pageErrors).toEqual([]);
  });

  it('refuses the link once the sender revokes it, and an unknown token, in words', async () => {
    const { page } = clientTab;
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/shares/${shareId}/revoke`)
      .set(alice.auth)
      .send({})
      .expect(200);
    // From /share to /share#… would only move the fragment: leave first, so the page loads afresh.
    await page.goto('about:blank');
    await page.goto(`${app.baseUrl}/share#${linkToken}`);
    const refusal = page.getByTestId('share-refusal');
    await refusal.waitFor(SETTLE);
    expect(await refusal.textContent()).toContain('withdrawn');
    expect(await page.getByTestId('shared-document').count()).toBe(0);
    await saveScreenshots(page, 'client-share-link-revoked');

    await page.goto('about:blank');
    await page.goto(`${app.baseUrl}/share#${'A'.repeat(43)}`);
    await expect.poll(() => page.getByTestId('share-refusal').textContent(), SETTLE).toContain('not valid');
    // An unknown token is not a session problem: the page stays, nobody is sent to sign in.
    expect(page.url()).toBe(`${app.baseUrl}/share`);
    expect(clientTab.pageErrors).toEqual([]);
  });
});
