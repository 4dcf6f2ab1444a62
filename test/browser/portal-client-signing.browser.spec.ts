import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdSchema } from '../../src/documents/http/clients.controller';
import { signingKeysResponseSchema } from '../../src/documents/http/signatures.responses';
import { launchBrowser } from '../support/browser';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { present } from '../support/present';
import { saveScreenshots } from '../support/screenshots';
import { linkHeader } from '../support/signing';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

describe('Portal: a client signs through their share link, in a browser without an account (real API, PostgreSQL, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let aliceTab: PortalTab;
  let clientTab: PortalTab;
  let documentId: string;
  let sha256: string;
  let clientId: string;
  let shareId: string;
  let linkToken: string;
  let requestId: string;

  beforeAll(async () => {
    app = await startTestApp();
    alice = await signUp(app);
    ({ documentId, sha256 } = await uploadedDocument(app, alice, {
      title: 'Engagement letter',
      content: pdfBytes('engagement letter for the client'),
    }));
    const added = await request(app.baseUrl).post('/api/v1/clients').set(alice.auth).send({ name: 'Ada Client' });
    ({ clientId } = json(added, clientIdSchema));
    browser = await launchBrowser();
    // Two browser profiles: the client's knows nothing of Alice's session.
    [aliceTab, clientTab] = await Promise.all([openPortal(browser), openPortal(browser)]);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;
  const clientSigner = () => `share:${shareId}`;

  it("Alice shares the document to her client with signing allowed and asks for the client's signature", async () => {
    const { page } = aliceTab;
    await signInThroughPortal(page, app.baseUrl, alice.email, null, `/documents/${documentId}`);
    await page.getByTestId('open-share-dialog').click();
    const dialog = page.getByRole('dialog', { name: 'Share this document' });
    await dialog.waitFor(SETTLE);
    await dialog.getByLabel('One of your clients (by a link)').check();
    await dialog.getByLabel('Client', { exact: true }).selectOption(clientId);
    await dialog.getByTestId('share-can-sign').check();
    await dialog.getByTestId('share-submit').click();
    linkToken = await dialog.getByTestId('share-link-token').inputValue(SETTLE);
    expect(linkToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached', ...SETTLE });
    const row = page.locator('[data-testid="share-row"][data-to-user-id=""]');
    expect(await row.getAttribute('data-state', SETTLE)).toBe('active');
    shareId = present(await row.getAttribute('data-share-id'), "the client share's id");

    await page.getByLabel(`Client ${clientId} (by link)`).check();
    await page.getByTestId('request-signatures').click();
    await page.waitForURL(/\/signatures\/[0-9a-f-]{36}$/, SETTLE);
    requestId = present(page.url().split('/').at(-1), 'the request id in the address');
    expect(await page.getByTestId('request-status').getAttribute('data-status')).toBe('PENDING');
    const signerRow = page.locator(`[data-testid="signer-row"][data-signer-id="${clientSigner()}"]`);
    expect(await signerRow.getAttribute('data-state', SETTLE)).toBe('pending');
    expect(aliceTab.pageErrors).toEqual([]);
  });

  it('the client opens the link in a fresh browser, reads what is signed, and signs with a key made there', async () => {
    const { page } = clientTab;
    // The link lists requests from the signature-requests read model, which trails the log by a moment.
    await app.waitForProjections();
    await page.goto(url(`/share#${linkToken}`));
    const panel = page.locator(`[data-testid="sign-panel"][data-request-id="${requestId}"]`);
    await panel.waitFor(SETTLE);
    expect(await page.getByTestId('link-signatures').textContent()).toContain('Engagement letter');
    expect(await panel.textContent()).toContain(sha256);
    const preview = await panel.getByTestId('statement-preview').textContent();
    expect(preview).toContain(`"documentSha256":"${sha256}"`);
    expect(preview).toContain(`"requestId":"${requestId}"`);
    expect(preview).toContain(`"signerId":"${clientSigner()}"`);

    await panel.getByTestId('sign-document').click();
    await panel.getByTestId('signed-notice').waitFor(SETTLE);
    const signed = await panel.getByTestId('statement-preview').textContent();
    expect(JSON.parse(signed ?? '')).toMatchObject({ documentSha256: sha256, requestId, signerId: clientSigner() });

    // The private key stays in this browser's IndexedDB under the share's signer id, not extractable.
    const kept = await page.evaluate<{ type: string; extractable: boolean; keyId: string } | null>(`new Promise(
      (resolve, reject) => {
        const opening = indexedDB.open('smartstart-signing-keys');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const read = opening.result.transaction('keys').objectStore('keys').get(${JSON.stringify(clientSigner())});
          read.onsuccess = () => resolve(read.result ? { type: read.result.privateKey.type, extractable: read.result.privateKey.extractable, keyId: read.result.keyId } : null);
        };
      })`);
    expect(kept).toMatchObject({ type: 'private', extractable: false });
    const registered = await request(app.baseUrl)
      .get('/api/v1/share-link/signing-keys')
      .set(linkHeader(linkToken))
      .expect(200);
    expect(json(registered, signingKeysResponseSchema).keys.map((key) => key.keyId)).toEqual([kept?.keyId]);
    await saveScreenshots(page, 'client-signing-link');
    expect(clientTab.pageErrors).toEqual([]);
  });

  it('Alice sees the request complete, with the client as a signer', async () => {
    const { page } = aliceTab;
    // The request's page asks again every few seconds while signatures are outstanding.
    await expect.poll(() => page.getByTestId('request-status').getAttribute('data-status'), SETTLE).toBe('COMPLETED');
    const signerRow = page.locator(`[data-testid="signer-row"][data-signer-id="${clientSigner()}"]`);
    expect(await signerRow.getAttribute('data-state')).toBe('signed');
    expect(await signerRow.textContent()).toContain(`Client (share ${shareId})`);
    await saveScreenshots(page, 'client-signing-complete');
    expect(aliceTab.pageErrors).toEqual([]);
  });

  it("the client revokes this browser's key on the link's page: it signs nothing more", async () => {
    const { page } = clientTab;
    const key = page.locator('[data-testid="signing-key"][data-here="true"]');
    await expect.poll(() => key.getAttribute('data-state'), SETTLE).toBe('active');
    const keyId = present(await key.getAttribute('data-key-id'), "this browser's key id");
    // A client's key is revoked, not replaced: signing again through the link makes a new one.
    expect(await page.getByTestId('rotate-key').count()).toBe(0);
    await key.getByTestId('revoke-key').click();
    await expect.poll(() => key.getAttribute('data-state'), SETTLE).toBe('revoked');
    const listed = await request(app.baseUrl)
      .get('/api/v1/share-link/signing-keys')
      .set(linkHeader(linkToken))
      .expect(200);
    const [revoked] = json(listed, signingKeysResponseSchema).keys;
    expect(revoked.keyId).toBe(keyId);
    expect(revoked.revokedAt).not.toBeNull();
    await saveScreenshots(page, 'client-signing-key-revoked');
    expect(clientTab.pageErrors).toEqual([]);
  });

  it('after Alice revokes the share, the link refuses', async () => {
    await aliceTab.page.goto(url(`/documents/${documentId}`));
    const row = aliceTab.page.locator(`[data-testid="share-row"][data-share-id="${shareId}"]`);
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.getAttribute('data-state'), SETTLE).toBe('revoked');

    const { page } = clientTab;
    // From /share to /share#… would only move the fragment: leave first, so the page loads afresh.
    await page.goto('about:blank');
    await page.goto(url(`/share#${linkToken}`));
    const refusal = page.getByTestId('share-refusal');
    await refusal.waitFor(SETTLE);
    expect(await refusal.textContent()).toContain('withdrawn');
    expect(await page.getByTestId('sign-panel').count()).toBe(0);
    const refused = await request(app.baseUrl)
      .get('/api/v1/share-link/signatures')
      .set(linkHeader(linkToken))
      .expect(410);
    expect(errorOf(refused).error).toBe('SHARE_REVOKED');
    expect(aliceTab.pageErrors).toEqual([]);
    expect(clientTab.pageErrors).toEqual([]);
  });
});
