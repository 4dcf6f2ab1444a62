import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('Portal: integrity alarms for compliance (real API, PostgreSQL, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let officer: TestUser;
  let officerTab: PortalTab;
  let memberTab: PortalTab;
  const content = pdfBytes('a contract that will be corrupted');
  const tampered = pdfBytes('the same contract, changed on disk');
  let documentId: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    [alice, officer] = await Promise.all([signUp(app), signUp(app, { roles: ['compliance'], mfa: true })]);
    ({ documentId } = await uploadedDocument(app, alice, { title: 'Corrupted contract', content }));
    await app.database.pool.query(`update document_blobs set content = $1 where sha256 = $2`, [
      tampered,
      sha256(content),
    ]);
    for (let read = 0; read < 2; read += 1)
      await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(alice.auth).expect(409);
    browser = await launchBrowser();
    [officerTab, memberTab] = await Promise.all([openPortal(browser), openPortal(browser)]);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  it('lists the refused reads from the compliance menu: document, version, both hashes, how many times', async () => {
    const { page } = officerTab;
    await signInThroughPortal(page, app.baseUrl, officer.email, officer.totpSecret, '/compliance/holds');
    await page.getByRole('link', { name: 'Integrity alarms' }).click();
    await page.waitForURL(`${app.baseUrl}/compliance/integrity-alarms`, SETTLE);
    const alarm = page.locator(`[data-testid="integrity-alarm"][data-document-id="${documentId}"]`);
    await alarm.waitFor(SETTLE);
    expect(await alarm.getByRole('link', { name: 'Corrupted contract' }).getAttribute('href')).toBe(
      `/documents/${documentId}`,
    );
    expect(await alarm.getByTestId('alarm-expected').textContent()).toBe(sha256(content));
    expect(await alarm.getByTestId('alarm-actual').textContent()).toBe(sha256(tampered));
    expect(await alarm.getByTestId('alarm-count').textContent()).toBe('2');
    await saveScreenshots(page, 'integrity-alarms');
    expect(officerTab.pageErrors).toEqual([]);
  });

  it('is not in a member’s menu, and the page tells a member it is not for them', async () => {
    const { page } = memberTab;
    await signInThroughPortal(page, app.baseUrl, alice.email, null, '/compliance/integrity-alarms');
    await page.getByTestId('access-denied').waitFor(SETTLE);
    expect(await page.getByRole('link', { name: 'Integrity alarms' }).count()).toBe(0);
    expect(await page.getByTestId('integrity-alarm').count()).toBe(0);
    expect(memberTab.pageErrors).toEqual([]);
  });
});
