import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { signUp, type TestUser } from '../support/identity';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const VENTURE = 'Harbour Wind';
const TASK = 'Model the turbine yield';
const HAND_IN = { note: 'Model and notebook are in the pull request.', links: ['https://example.org/harbour/pull/3'] };

/** #16 §1 and §4 in the browser: a task you can judge, and a cap table that adds up. */
describe('Portal: work you can see and judge, and a cap table that adds up (real API, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let owner: TestUser;
  let cofounder: TestUser;
  let assignee: TestUser;
  let reviewer: TestUser;
  let ownerTab: PortalTab;
  let reviewerTab: PortalTab;
  let ventureId: string;
  let taskId: string;

  beforeAll(async () => {
    app = await startTestApp();
    [owner, cofounder, assignee, reviewer] = [
      await signUp(app),
      await signUp(app),
      await signUp(app),
      await signUp(app),
    ];
    browser = await launchBrowser();
    [ownerTab, reviewerTab] = [await openPortal(browser), await openPortal(browser)];
  });
  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });
  const sharesShown = async (page: Page) =>
    Promise.all((await page.locator('[data-share-bps]').all()).map((row) => row.getAttribute('data-share-bps')));
  const url = (path: string) => `${app.baseUrl}${path}`;
  const api = () => request(app.baseUrl);

  it("the owner founds a venture with the founders' allocation and posts a task with its brief and due date", async () => {
    const { page } = ownerTab;
    await signInThroughPortal(page, app.baseUrl, owner.email);
    await page.goto(url('/ventures'));
    await page.getByLabel('Venture name').fill(VENTURE);
    await page.locator('#founder-bps-0').fill('6000');
    await page.getByRole('button', { name: 'Add a co-founder' }).click();
    await page.locator('#founder-id-1').fill(cofounder.userId);
    await page.locator('#founder-bps-1').fill('21');
    expect(await page.getByTestId('founders-pool').textContent()).toContain('3,979 bp');
    await page.getByTestId('create-venture').click();
    await page.waitForURL(/\/ventures\/[0-9a-f-]{36}$/, SETTLE);
    ventureId = page.url().split('/').at(-1) as string;

    await page.getByLabel('Title', { exact: true }).fill(TASK);
    await page.getByTestId('task-description').fill('Estimate the yearly yield of each turbine site.');
    await page.getByTestId('task-criteria').fill('Within 5 % of last year’s measured yield.');
    await page.getByTestId('task-due').fill('2027-03-31');
    await page.getByTestId('task-tier').selectOption('A');
    await page.getByTestId('post-task').click();
    await page.getByTestId('task-posted').waitFor(SETTLE);
    taskId = (await page.getByTestId('task-row').getAttribute('data-task-id')) as string;
  });

  it('a reviewer sees the brief, what the task would pay and the hand-in (note and links)', async () => {
    await api().post(`/api/v1/tasks/${taskId}/claim`).set(assignee.auth).send({}).expect(200);
    await api().post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).send(HAND_IN).expect(200);
    await app.waitForProjections();

    const { page } = reviewerTab;
    await signInThroughPortal(page, app.baseUrl, reviewer.email);
    await page.goto(url(`/tasks/${taskId}`));
    await page.getByTestId('submission-item').waitFor(SETTLE);
    expect(await page.getByTestId('task-description').textContent()).toBe(
      'Estimate the yearly yield of each turbine site.',
    );
    expect(await page.getByTestId('task-criteria').textContent()).toBe('Within 5 % of last year’s measured yield.');
    expect(await page.getByTestId('task-due-value').textContent()).toContain('2027');
    // Tier A: 150 × 0.6 × 0.7 = 63 at worst, 150 × 1.4 × 1.1 = 231 at best.
    expect(await page.getByTestId('task-payout-range').textContent()).toBe('63–231 BUZ');
    expect(await page.getByTestId('payout-row').count()).toBe(5);
    expect(await page.getByTestId('submission-note').textContent()).toBe(HAND_IN.note);
    expect(await page.getByTestId('submission-link').getAttribute('href')).toBe(HAND_IN.links[0]);
    expect(await page.getByTestId('task-action').getAttribute('data-part')).toBe('review');
    await saveScreenshots(page, 'task-page-reviewer');
  });

  it('once accepted, the hand-in stays with the owner and is gone for a member who took no part', async () => {
    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewer.auth)
      .send({ quality: 4, verdict: 'APPROVE' })
      .expect(201);
    await api().post(`/api/v1/tasks/${taskId}/accept`).set(owner.auth).send({}).expect(200);
    await app.waitForProjections();
    await ownerTab.page.goto(url(`/tasks/${taskId}`));
    await ownerTab.page.getByTestId('submission-item').waitFor(SETTLE);

    const bystanderTab = await openPortal(browser);
    await signInThroughPortal(bystanderTab.page, app.baseUrl, cofounder.email);
    await bystanderTab.page.goto(url(`/tasks/${taskId}`));
    await bystanderTab.page.getByTestId('task-brief').waitFor(SETTLE);
    expect(await bystanderTab.page.getByTestId('submissions').count()).toBe(0);
    await bystanderTab.context.close();
  });

  it('the cap table adds up to 10,000 bp with the pool, draws bars to scale and a donut, and switches views', async () => {
    const { page } = ownerTab;
    await page.getByRole('link', { name: 'Cap tables' }).click();
    await page.waitForURL(url('/cap-tables'), SETTLE);
    await page.getByRole('link', { name: VENTURE }).click();
    await page.waitForURL(url(`/equity/cap-table/${ventureId}`), SETTLE);
    await page.getByTestId('cap-table-holder').first().waitFor(SETTLE);

    expect(await sharesShown(page)).toEqual(['6000', '21', '3979']);
    expect(await page.getByTestId('cap-table-share-total').textContent()).toBe('100.00%');
    expect(await page.getByTestId('cap-table-pool').getAttribute('data-bps')).toBe('3979');
    // A 0.21 % holder gets a sliver of the bar column in proportion (21 bp against 6,000), not the
    // full width; at least 1 px, so that it stays visible.
    const [largest, smallest] = await Promise.all(
      [owner.userId, cofounder.userId].map(async (holderId) => {
        const box = await page.locator(`[data-holder-id="${holderId}"] .bar`).boundingBox();
        return box?.width ?? Number.NaN;
      }),
    );
    expect(smallest).toBeLessThanOrEqual(Math.max(1, (largest * 21) / 6000) + 0.5);
    expect(await page.getByTestId('donut-slice').count()).toBe(3);
    expect(await page.getByRole('img', { name: /Fully diluted: 10,000 bp/ }).count()).toBe(1);
    await saveScreenshots(page, 'cap-table-fully-diluted');

    await page.getByTestId('view-issued').click();
    await page.locator('[data-testid="cap-table"][data-view="issued"]').waitFor(SETTLE);
    expect(await sharesShown(page)).toEqual(['9965', '35']);
    expect(await page.getByTestId('cap-table-pool').count()).toBe(0);
    await saveScreenshots(page, 'cap-table-issued');
  });

  it('downloads the CSV and the OCF export with the session it has', async () => {
    const { page } = ownerTab;
    const csvHref = (await page.getByTestId('cap-table-csv').getAttribute('href')) as string;
    const csv = await page.request.get(url(csvHref));
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\r\n')[4]).toBe('total,,,,10000,100.00,100.00');
    const ocf = await page.request.get(url((await page.getByTestId('cap-table-ocf').getAttribute('href')) as string));
    expect(await ocf.json()).toMatchObject({ ocf_version: '1.0.0', issuer: { legal_name: VENTURE } });
  });
});
