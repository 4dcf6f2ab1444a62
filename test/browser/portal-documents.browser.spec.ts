import { createHash, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentResponseSchema } from '../../src/documents/http/documents.responses';
import {
  evidenceResponseSchema,
  signaturesByHashResponseSchema,
  signingKeysResponseSchema,
} from '../../src/documents/http/signatures.responses';
import { launchBrowser } from '../support/browser';
import { pdfBytes } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, expectTokensOutOfReach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/** The order n of P-256: a low-S signature has s ≤ n/2. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

// expect's asymmetric matchers are typed `any`; here it is only something to compare with.
const anyString: unknown = expect.any(String);

describe('Portal: a document shared, signed with a browser-held key, verified in public, and held (real API, PostgreSQL, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let officer: TestUser;
  let aliceTab: PortalTab;
  let bobTab: PortalTab;
  let officerTab: PortalTab;
  let publicTab: PortalTab;
  const pdf = pdfBytes('service agreement between Alice and Bob');
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  let documentId: string;
  let requestId: string;

  beforeAll(async () => {
    // A checkpoint after every event, so the public page can check inclusion proofs too.
    app = await startTestApp({ env: { CHECKPOINT_EVERY_EVENTS: '1' } });
    [alice, bob] = await Promise.all([signUp(app), signUp(app)]);
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
    browser = await launchBrowser();
    [aliceTab, bobTab, officerTab, publicTab] = await Promise.all([
      openPortal(browser),
      openPortal(browser),
      openPortal(browser),
      openPortal(browser),
    ]);
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  it('Alice uploads a PDF and shares it to Bob with signing allowed, through an accessible dialog', async () => {
    const { page } = aliceTab;
    await signInThroughPortal(page, app.baseUrl, alice.email);
    await page.getByRole('link', { name: 'Documents' }).click();
    await page.waitForURL(url('/documents'), SETTLE);
    await page.getByLabel('Title').fill('Service agreement');
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByTestId('upload-submit').click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/, SETTLE);
    documentId = page.url().split('/').at(-1) as string;
    expect(await page.getByTestId('version-row').getAttribute('data-sha256', SETTLE)).toBe(sha256);

    // The dialog is modal and labelled, takes focus, and Escape closes it and gives focus back.
    await page.getByTestId('open-share-dialog').click();
    const dialog = page.getByRole('dialog', { name: 'Share this document' });
    await dialog.waitFor(SETTLE);
    expect(
      await page.evaluate<boolean>(`document.querySelector('dialog[open]').contains(document.activeElement)`),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached', ...SETTLE });
    expect(await page.evaluate<string | null>(`document.activeElement.getAttribute('data-testid')`)).toBe(
      'open-share-dialog',
    );

    await page.getByTestId('open-share-dialog').click();
    await dialog.getByLabel("Member's user id").fill(bob.userId);
    await dialog.getByTestId('share-can-sign').check();
    await dialog.getByTestId('share-submit').click();
    await dialog.waitFor({ state: 'detached', ...SETTLE });
    const share = page.locator(`[data-testid="share-row"][data-to-user-id="${bob.userId}"]`);
    expect(await share.getAttribute('data-state', SETTLE)).toBe('active');
    expect(await share.textContent()).toContain('view, sign');
    // A person is named by their profile link (display name), never by a bare id.
    expect(await share.locator(`a[href="/profiles/${bob.userId}"]`).count()).toBe(1);
    expect(await share.textContent()).not.toContain(bob.userId);

    await page.getByLabel(`Member ${bob.userId.slice(0, 8)}`).check();
    await page.getByTestId('request-signatures').click();
    await page.waitForURL(/\/signatures\/[0-9a-f-]{36}$/, SETTLE);
    requestId = page.url().split('/').at(-1) as string;
    expect(await page.getByTestId('request-status').getAttribute('data-status')).toBe('PENDING');
    expect(
      await page.locator(`[data-testid="signer-row"][data-signer-id="${bob.userId}"]`).getAttribute('data-state'),
    ).toBe('pending');
    expect(aliceTab.pageErrors).toEqual([]);
  });

  it('Bob signs in his browser with a key made there on first use, kept in IndexedDB and not extractable, then replaces it', async () => {
    const { page } = bobTab;
    await signInThroughPortal(page, app.baseUrl, bob.email);
    await page.goto(url(`/signatures/${requestId}`));
    const panel = page.getByTestId('sign-panel');
    await panel.waitFor(SETTLE);
    // The page says what is signed: this file's hash, this request and this signer.
    const preview = await page.getByTestId('statement-preview').textContent();
    expect(preview).toContain(`"documentSha256":"${sha256}"`);
    expect(preview).toContain(`"requestId":"${requestId}"`);
    expect(preview).toContain(`"signerId":"${bob.userId}"`);

    await page.getByTestId('sign-document').click();
    await page.getByTestId('signed-notice').waitFor(SETTLE);
    expect(
      await page
        .locator(`[data-testid="signer-row"][data-signer-id="${bob.userId}"]`)
        .getAttribute('data-state', SETTLE),
    ).toBe('signed');

    const kept = await page.evaluate<{
      type: string;
      extractable: boolean;
      keyId: string;
    } | null>(`new Promise((resolve, reject) => {
      const opening = indexedDB.open('smartstart-signing-keys');
      opening.onerror = () => reject(opening.error);
      opening.onsuccess = () => {
        const read = opening.result.transaction('keys').objectStore('keys').get(${JSON.stringify(bob.userId)});
        read.onsuccess = () => resolve(read.result ? { type: read.result.privateKey.type, extractable: read.result.privateKey.extractable, keyId: read.result.keyId } : null);
      };
    })`);
    expect(kept).toMatchObject({ type: 'private', extractable: false });
    const registered = await request(app.baseUrl).get('/api/v1/signing-keys').set(bob.auth).expect(200);
    expect(json(registered, signingKeysResponseSchema).keys.map((key) => key.keyId)).toEqual([kept?.keyId]);
    await expectTokensOutOfReach(bobTab);
    // The only entry the portal keeps in localStorage is the theme word (a cache of the profile's).
    const stored = await page.evaluate<string[]>('Object.keys(localStorage)');
    expect(stored.filter((key) => key !== 'smartstart-theme')).toEqual([]);

    // He replaces that key from his documents page: a new one in this browser, the old one revoked.
    await page.goto(url('/documents'));
    const first = page.locator(`[data-testid="signing-key"][data-key-id="${kept?.keyId}"]`);
    // The page reads which key this browser holds from IndexedDB after it renders the list.
    await expect.poll(() => first.getAttribute('data-here'), SETTLE).toBe('true');
    await first.getByTestId('rotate-key').click();
    await expect.poll(() => first.getAttribute('data-state'), SETTLE).toBe('revoked');
    await expect
      .poll(() => page.locator('[data-testid="signing-key"][data-here="true"][data-state="active"]').count(), SETTLE)
      .toBe(1);
    const rotated = await request(app.baseUrl).get('/api/v1/signing-keys').set(bob.auth).expect(200);
    expect(json(rotated, signingKeysResponseSchema).keys).toEqual([
      expect.objectContaining({ keyId: kept?.keyId, revokedAt: anyString }),
      expect.objectContaining({ revokedAt: null }),
    ]);
    expect(bobTab.pageErrors).toEqual([]);
  });

  it('Alice sees the request complete and downloads evidence whose signature checks out', async () => {
    const { page } = aliceTab;
    await expect.poll(() => page.getByTestId('request-status').getAttribute('data-status'), SETTLE).toBe('COMPLETED');
    const [download] = await Promise.all([
      page.waitForEvent('download', SETTLE),
      page.getByTestId('download-evidence').click(),
    ]);
    // The file is the evidence route's answer as the portal fetched it: parsed with that route's schema.
    const evidence = evidenceResponseSchema.parse(JSON.parse(await readFile(await download.path(), 'utf8')));
    expect(evidence).toMatchObject({
      format: 'smartstart-signature-evidence/1',
      document: { documentId, sha256 },
      request: { requestId, status: 'COMPLETED' },
    });
    const signer = evidence.signers.at(0);
    if (!signer) throw new Error('the evidence names no signer');
    expect(signer.signerId).toBe(bob.userId);
    // Bob replaced the key since: the evidence says so, and what it signed before still verifies.
    expect(signer.keyRevokedAt).toEqual(expect.any(String));
    expect(JSON.parse(signer.statement)).toMatchObject({
      documentId,
      documentSha256: sha256,
      requestId,
      signerId: bob.userId,
      intent: 'sign',
    });
    // The browser sent P1363 r ‖ s with a low s, and it verifies over the statement outside the portal too.
    expect(BigInt(`0x${signer.signatureHex.slice(64)}`) <= P256_ORDER / 2n).toBe(true);
    const key = await webcrypto.subtle.importKey(
      'raw',
      Buffer.from(signer.publicKeyHex, 'hex'),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    expect(
      await webcrypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        key,
        Buffer.from(signer.signatureHex, 'hex'),
        Buffer.from(signer.statement),
      ),
    ).toBe(true);
    expect(aliceTab.pageErrors).toEqual([]);
  });

  it('the public page, signed in as nobody, confirms the signature for the same file and finds none for a file one byte off', async () => {
    // Wait for the sealer to cover the signature, so the page checks its inclusion proof as well.
    await waitFor('the signature to be sealed', async () => {
      const found = await request(app.baseUrl).get(`/api/v1/signatures/by-hash/${sha256}`).expect(200);
      return json(found, signaturesByHashResponseSchema).signatures.at(0)?.inclusion ? true : undefined;
    });
    const { page } = publicTab;
    await page.goto(url('/verify'));
    await page
      .getByLabel('File to check')
      .setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: pdf });
    expect(await page.getByTestId('verify-sha256').textContent(SETTLE)).toBe(sha256);
    const signature = page.getByTestId('verify-signature');
    expect(await signature.getAttribute('data-valid', SETTLE)).toBe('true');
    expect(await signature.getAttribute('data-inclusion')).toBe('verified');
    expect(await signature.textContent()).toContain(bob.userId);

    const tampered = Buffer.from(pdf);
    tampered[tampered.length - 2] ^= 0x01;
    await page
      .getByLabel('File to check')
      .setInputFiles({ name: 'agreement.pdf', mimeType: 'application/pdf', buffer: tampered });
    await page.getByTestId('verify-none').waitFor(SETTLE);
    expect(await page.getByTestId('verify-signature').count()).toBe(0);
    expect(await page.getByTestId('verify-sha256').textContent()).toBe(
      createHash('sha256').update(tampered).digest('hex'),
    );
    expect(publicTab.pageErrors).toEqual([]);
  });

  it('a hold placed by compliance is shown on the document and blocks Alice deleting it', async () => {
    const { page } = officerTab;
    await signInThroughPortal(page, app.baseUrl, officer.email, officer.totpSecret);
    await page.getByRole('link', { name: 'Legal holds' }).click();
    await page.waitForURL(url('/compliance/holds'), SETTLE);
    await page.getByLabel('Covers a').selectOption('document');
    await page.getByLabel('Its id').fill(documentId);
    await page.getByLabel('Case reference').fill('CASE-2026-17');
    await page.getByLabel('Reason').fill('Dispute over the service agreement');
    await page.getByTestId('place-hold').click();
    const hold = page.locator(`[data-testid="hold-row"][data-scope-id="${documentId}"]`);
    expect(await hold.getAttribute('data-state', SETTLE)).toBe('active');
    const holdId = await hold.getAttribute('data-hold-id');

    const alicePage = aliceTab.page;
    await alicePage.goto(url(`/documents/${documentId}`));
    expect(await alicePage.getByTestId('document-hold').getAttribute('data-hold-id', SETTLE)).toBe(holdId);
    await alicePage.getByTestId('delete-document').click();
    await alicePage.getByTestId('confirm-delete-document').click();
    const refusal = alicePage.getByTestId('document-action-error');
    await refusal.waitFor(SETTLE);
    expect(await refusal.textContent()).toContain(holdId);
    expect(alicePage.url()).toBe(url(`/documents/${documentId}`));
    const stored = await request(app.baseUrl).get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200);
    expect(json(stored, documentResponseSchema).status).toBe('ACTIVE');
    expect([...aliceTab.pageErrors, ...officerTab.pageErrors]).toEqual([]);
  });
});
