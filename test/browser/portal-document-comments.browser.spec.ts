import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdSchema } from '../../src/documents/http/clients.controller';
import { commentsResponseSchema, sharedResponseSchema } from '../../src/documents/http/shares.responses';
import { launchBrowser } from '../support/browser';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { present } from '../support/present';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** The thread as the page shows it: author and text of each comment, in order. */
async function threadOf(page: Page): Promise<string[]> {
  const comments = page.getByTestId('comment');
  const shown: string[] = [];
  for (const comment of await comments.all()) {
    const author = await comment.getByTestId('comment-author').textContent();
    const body = await comment.getByTestId('comment-body').textContent();
    shown.push(`${author ?? ''}: ${body ?? ''}`);
  }
  return shown;
}

async function postComment(page: Page, text: string): Promise<void> {
  const before = await page.getByTestId('comment').count();
  await page.getByTestId('comment-input').fill(text);
  await page.getByTestId('comment-submit').click();
  await page.getByTestId('comment').nth(before).waitFor(SETTLE);
}

describe("Portal: a document's comments, on its page and on a client's link (real API, PostgreSQL, Chromium)", () => {
  let app: TestApp;
  let browser: Browser;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let tabs: PortalTab[];
  let documentId: string;
  let linkToken: string;

  beforeAll(async () => {
    app = await startTestApp();
    [alice, bob, carol] = await Promise.all([signUp(app), signUp(app), signUp(app)]);
    await request(app.baseUrl).patch('/api/v1/profiles/me').set(alice.auth).send({ nickname: 'Alice Owner' });
    ({ documentId } = await uploadedDocument(app, alice, { title: 'Supply contract', content: pdfBytes('supply') }));
    const share = (body: object) =>
      request(app.baseUrl).post(`/api/v1/documents/${documentId}/share`).set(alice.auth).send(body).expect(201);
    await share({ toUserId: bob.userId, canView: true, canComment: true });
    await share({ toUserId: carol.userId, canView: true });
    const added = await request(app.baseUrl).post('/api/v1/clients').set(alice.auth).send({ name: 'Ada Client' });
    const shared = await share({ clientId: json(added, clientIdSchema).clientId, canView: true, canComment: true });
    linkToken = present(json(shared, sharedResponseSchema).linkToken, 'the client link token');
    browser = await launchBrowser();
    tabs = await Promise.all([openPortal(browser), openPortal(browser), openPortal(browser), openPortal(browser)]);
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const documentPath = () => `/documents/${documentId}`;

  it('lets a member whose share allows it comment, and the owner answer, each named', async () => {
    const [aliceTab, bobTab] = tabs;
    await signInThroughPortal(bobTab.page, app.baseUrl, bob.email, null, documentPath());
    await bobTab.page.getByTestId('comments-empty').waitFor(SETTLE);
    await postComment(bobTab.page, 'Clause 7 needs a date');
    expect(await threadOf(bobTab.page)).toEqual(['You: Clause 7 needs a date']);

    await signInThroughPortal(aliceTab.page, app.baseUrl, alice.email, null, documentPath());
    await aliceTab.page.getByTestId('comment').first().waitFor(SETTLE);
    await postComment(aliceTab.page, 'Added: 1 March');
    expect(await threadOf(aliceTab.page)).toEqual([
      `Member ${bob.userId.slice(0, 8)}: Clause 7 needs a date`,
      'You: Added: 1 March',
    ]);
    await saveScreenshots(aliceTab.page, 'document-comments');
    expect([...aliceTab.pageErrors, ...bobTab.pageErrors]).toEqual([]);
  });

  it('shows a member whose share only allows viewing the thread, without a form', async () => {
    const carolTab = tabs[2];
    await signInThroughPortal(carolTab.page, app.baseUrl, carol.email, null, documentPath());
    await carolTab.page.getByTestId('comment').nth(1).waitFor(SETTLE);
    expect(await threadOf(carolTab.page)).toEqual([
      `Member ${bob.userId.slice(0, 8)}: Clause 7 needs a date`,
      'Alice Owner: Added: 1 March',
    ]);
    expect(await carolTab.page.getByTestId('comment-form').count()).toBe(0);
    expect(carolTab.pageErrors).toEqual([]);
  });

  it("shows the client the owner's comments (not the other member's) and takes their reply, which the owner sees by the client's name", async () => {
    const [aliceTab, , , clientTab] = tabs;
    await clientTab.page.goto(`${app.baseUrl}/share#${linkToken}`);
    await clientTab.page.getByTestId('link-comments').getByTestId('comment').first().waitFor(SETTLE);
    expect(await threadOf(clientTab.page)).toEqual(['Alice Owner: Added: 1 March']);
    await postComment(clientTab.page, 'Thanks, 1 March works');
    expect(await threadOf(clientTab.page)).toEqual(['Alice Owner: Added: 1 March', 'You: Thanks, 1 March works']);
    await saveScreenshots(clientTab.page, 'client-share-comments');

    await aliceTab.page.getByTestId('document-comments').getByRole('button', { name: 'Refresh' }).click();
    await aliceTab.page.getByTestId('comment').nth(2).waitFor(SETTLE);
    expect((await threadOf(aliceTab.page)).at(-1)).toBe('Ada Client (client, by link): Thanks, 1 March works');
    const stored = await request(app.baseUrl).get(`/api/v1/documents/${documentId}/comments`).set(alice.auth);
    expect(json(stored, commentsResponseSchema).comments.map((comment) => comment.body)).toEqual([
      'Clause 7 needs a date',
      'Added: 1 March',
      'Thanks, 1 March works',
    ]);
    expect([...aliceTab.pageErrors, ...clientTab.pageErrors]).toEqual([]);
  });
});
