import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceResponseSchema } from '../../src/documents/http/signatures.responses';
import { launchBrowser } from '../support/browser';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { registeredKey, requestedSignatures, shareForSigning, sign } from '../support/signing';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

describe("Portal: the signature tracker, the signer's waiting list and the evidence page (real API, PostgreSQL, Chromium)", () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let aliceTab: PortalTab;
  let carolTab: PortalTab;
  let documentId: string;
  let requestId: string;
  let sha256: string;
  /** What the browser saw of CSP: every `securitypolicyviolation` and console error, per tab. */
  const violations: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ env: { CHECKPOINT_EVERY_EVENTS: '1' } });
    [alice, bob, carol] = await Promise.all([signUp(app), signUp(app), signUp(app)]);
    // Alice asks Bob and Carol to sign; Bob signs (over the API, with a WebCrypto key as his browser makes).
    ({ documentId, sha256 } = await uploadedDocument(app, alice, {
      title: 'Supply contract',
      content: pdfBytes('tracked'),
    }));
    await shareForSigning(app, alice, documentId, bob);
    await shareForSigning(app, alice, documentId, carol);
    const requested = await requestedSignatures(app, alice, documentId, [bob, carol]);
    requestId = requested.requestId;
    const signedAt = new Date().toISOString();
    const statement = { documentId, documentSha256: sha256, requestId, signerId: bob.userId, signedAt };
    await sign(app, bob, await registeredKey(app, bob), { ...statement, intent: 'approve' }, 200);
    await app.waitForProjections();

    browser = await launchBrowser();
    [aliceTab, carolTab] = await Promise.all([openPortal(browser), openPortal(browser)]);
    for (const tab of [aliceTab, carolTab]) {
      tab.page.on('console', (message) => {
        if (message.type() === 'error') violations.push(message.text());
      });
    }
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;

  it("lists the request in Carol's waiting list, which leads to the signing page", async () => {
    const { page } = carolTab;
    await signInThroughPortal(page, app.baseUrl, carol.email);
    await page.goto(url('/documents'));
    const entry = page.locator(`[data-testid="waiting-request"][data-request-id="${requestId}"]`);
    await entry.waitFor(SETTLE);
    expect(await entry.textContent()).toContain('Supply contract');
    expect(await entry.textContent()).toContain('1 of 2 signed');
    await saveScreenshots(page, 'signatures-waiting-for-me');
    await entry.getByRole('link').click();
    await page.waitForURL(url(`/signatures/${requestId}`), SETTLE);
    await page.getByTestId('sign-panel').waitFor(SETTLE);
    expect(carolTab.pageErrors).toEqual([]);
  });

  it("shows Alice on the document page who signed and who hasn't", async () => {
    const { page } = aliceTab;
    await signInThroughPortal(page, app.baseUrl, alice.email);
    await page.goto(url(`/documents/${documentId}`));
    const tracked = page.locator(`[data-testid="tracked-request"][data-request-id="${requestId}"]`);
    await tracked.waitFor(SETTLE);
    expect(await tracked.getAttribute('data-status')).toBe('PENDING');
    const stateOf = (userId: string) =>
      tracked.locator(`[data-testid="tracked-signer"][data-signer-id="${userId}"]`).getAttribute('data-state');
    expect(await stateOf(bob.userId)).toBe('signed');
    expect(await stateOf(carol.userId)).toBe('pending');
    expect(await tracked.textContent()).toContain('signed (approve)');
    await saveScreenshots(page, 'signatures-tracker');
    expect(aliceTab.pageErrors).toEqual([]);
  });

  it('downloads the evidence as JSON and opens it as an HTML page that needs no script', async () => {
    const { page } = aliceTab;
    const tracked = page.locator(`[data-testid="tracked-request"][data-request-id="${requestId}"]`);
    const [download] = await Promise.all([
      page.waitForEvent('download', SETTLE),
      tracked.getByTestId('download-evidence-json').click(),
    ]);
    const evidence = evidenceResponseSchema.parse(JSON.parse(await readFile(await download.path(), 'utf8')));
    expect(evidence.document.sha256).toBe(sha256);

    const href = await tracked.getByTestId('view-evidence').getAttribute('href');
    expect(href).toBe(`/api/v1/signatures/${requestId}/evidence.html`);
    // The page opens in the browser with its own strict CSP; its one style block applies (by hash).
    const evidencePage = await aliceTab.context.newPage();
    evidencePage.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await evidencePage.goto(url(href ?? ''));
    await evidencePage.getByRole('heading', { name: 'Signature evidence' }).waitFor(SETTLE);
    const text = await evidencePage.locator('body').textContent();
    expect(text).toContain(sha256);
    expect(text).toContain(bob.userId);
    expect(text).toContain(`"requestId":"${requestId}"`);
    const styled = await evidencePage.evaluate<string>(
      "getComputedStyle(document.querySelector('table')).borderCollapse",
    );
    expect(styled).toBe('collapse');
    expect(await evidencePage.locator('script').count()).toBe(0);
    // A tab in the background paints no frames: the screenshot waits for one.
    await evidencePage.bringToFront();
    await saveScreenshots(evidencePage, 'signatures-evidence-html');
    expect(violations).toEqual([]);
  });
});
