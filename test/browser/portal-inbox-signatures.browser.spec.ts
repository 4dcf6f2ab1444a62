import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, attributeOfEach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { requestedSignatures, shareForSigning } from '../support/signing';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

/** The dashboard reads its signature requests from the documents context's per-signer read model. */
describe('Portal: the signature requests on a member’s dashboard (real API, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser | undefined;
  let member: TestUser;
  let requestId: string;
  let tab: PortalTab;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    const owner = await signUp(app);
    member = await signUp(app);
    const { documentId } = await uploadedDocument(app, owner, { content: pdfBytes('dashboard contract') });
    await shareForSigning(app, owner, documentId, member);
    ({ requestId } = await requestedSignatures(app, owner, documentId, [member]));
    await app.waitForProjections();
    browser = await launchBrowser();
    tab = await openPortal(browser);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('lists the request waiting for the member, linking to its signing page, among the sections in their order', async () => {
    const { page } = tab;
    await signInThroughPortal(page, app.baseUrl, member.email, null, '/');
    const signatures = page.getByTestId('inbox-signatures');
    await signatures.waitFor(SETTLE);
    expect(await signatures.getAttribute('data-count')).toBe('1');
    expect(await signatures.getByTestId('inbox-signature').getAttribute('href')).toBe(`/signatures/${requestId}`);
    // Not on the board, and no window scheduled: those two sections stay away.
    expect(await attributeOfEach(page.locator('section[data-testid^="inbox-"]'), 'data-testid')).toEqual([
      'inbox-my-tasks',
      'inbox-reviews',
      'inbox-acceptances',
      'inbox-signatures',
      'inbox-windows',
    ]);
    expect(tab.pageErrors).toEqual([]);
  });
});
