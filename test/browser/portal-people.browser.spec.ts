import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { credentialResponseSchema } from '../../src/badges/http/badges.schemas';
import { launchBrowser } from '../support/browser';
import { portalTask, runBadgeEvaluation } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { PNG_1X1 } from '../support/images';
import { rowsOf } from '../support/json';
import { SETTLE, expectTokensOutOfReach, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

const NICKNAME = 'Ada Nova';

const eventIdRow = z.object({ event_id: z.string() });

describe('Portal: a profile, an endorsement and a badge with its credential (real API on PostgreSQL, built UI, Chromium)', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let member: TestUser;
  let colleague: TestUser;
  let memberTab: PortalTab;
  let colleagueTab: PortalTab;
  let taskId: string;

  beforeAll(async () => {
    app = await startTestApp();
    [admin, member, colleague] = await Promise.all([
      signUp(app, { roles: ['admin'], mfa: true }),
      signUp(app),
      signUp(app),
    ]);
    browser = await launchBrowser();
    [memberTab, colleagueTab] = [await openPortal(browser), await openPortal(browser)];
  });

  afterAll(async () => {
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;
  const profileUrl = () => url(`/profiles/${member.userId}`);

  it('a member edits their profile from the menu, and the dark theme applies to the whole portal', async () => {
    const { page } = memberTab;
    await signInThroughPortal(page, app.baseUrl, member.email);
    await page.getByRole('link', { name: 'My profile' }).click();
    await page.waitForURL(profileUrl(), SETTLE);

    await page.getByLabel('Nickname').fill(NICKNAME);
    await page.getByLabel('Bio').fill('Counts what the ledger counts.');
    await page.getByLabel('Location').fill('Lisbon');
    await page.getByLabel('Website').fill('http://ada.example');
    await page.getByTestId('profile-theme').selectOption('dark');
    await page.getByTestId('profile-save').click();
    // The server refuses a plain-http website, and the form says so next to the field.
    await page.getByTestId('profile-website-error').waitFor(SETTLE);

    await page.getByLabel('Website').fill('https://ada.example');
    await page.getByTestId('profile-save').click();
    await page.getByTestId('profile-saved').waitFor(SETTLE);
    await expect.poll(() => page.getByTestId('profile-name').textContent(), SETTLE).toBe(NICKNAME);
    expect(await page.getByTestId('profile-location').textContent()).toBe('Lisbon');
    expect(await page.evaluate<string | undefined>('document.documentElement.dataset.theme')).toBe('dark');
    expect(
      await page.evaluate<string>(
        'getComputedStyle(document.body).colorScheme || getComputedStyle(document.documentElement).colorScheme',
      ),
    ).toBe('dark');

    // The choice lives on the profile: a fresh browser profile paints dark once signed in.
    const fresh = await openPortal(browser);
    await signInThroughPortal(fresh.page, app.baseUrl, member.email);
    await expect
      .poll(() => fresh.page.evaluate<string | undefined>('document.documentElement.dataset.theme'), SETTLE)
      .toBe('dark');
    await fresh.context.close();
    const stored = await request(app.baseUrl).get('/api/v1/profiles/me').set(member.auth).expect(200);
    expect(stored.body).toMatchObject({ nickname: NICKNAME, theme: 'dark', websiteUrl: 'https://ada.example' });
    await expectTokensOutOfReach(memberTab);
  });

  it('adds a skill, which shows as a chip and is marked once an admin verifies it', async () => {
    const { page } = memberTab;
    await page.getByTestId('add-skill-slug').selectOption('typescript');
    await page.getByTestId('add-skill-level').selectOption('4');
    await page.getByTestId('add-skill').click();
    const chip = page.locator('[data-testid="skill-chip"][data-skill="typescript"]');
    await chip.waitFor(SETTLE);
    expect(await chip.getAttribute('data-verified')).toBe('false');

    await request(app.baseUrl)
      .post(`/api/v1/profiles/${member.userId}/skills/typescript/verify`)
      .set(admin.auth)
      .send({})
      .expect(200);
    await page.reload();
    await expect.poll(() => chip.getAttribute('data-verified'), SETTLE).toBe('true');
    expect(await chip.textContent()).toContain('(verified)');
  });

  it('uploads an avatar, and says in words why the server refused a file that is not an image or is too large', async () => {
    const { page } = memberTab;
    // Named .png, but its bytes are text: the server judges the bytes.
    await page
      .getByTestId('avatar-file')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
    await page.getByTestId('avatar-error').waitFor(SETTLE);
    expect(await page.getByTestId('avatar-error').textContent()).toContain('PNG, JPEG or WebP');

    await page.getByTestId('avatar-file').setInputFiles({
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([PNG_1X1, Buffer.alloc(3 * 1024 * 1024)]),
    });
    await expect.poll(() => page.getByTestId('avatar-error').textContent(), SETTLE).toContain('too large');

    await page
      .getByTestId('avatar-file')
      .setInputFiles({ name: 'me.bin', mimeType: 'application/octet-stream', buffer: PNG_1X1 });
    await page.getByTestId('avatar-saved').waitFor(SETTLE);
    await page.getByTestId('profile-avatar').waitFor(SETTLE);
    expect(await page.getByTestId('profile-avatar').getAttribute('src')).toMatch(/^\/api\/v1\/avatars\/[0-9a-f]{64}$/);
  });

  it('another member endorses them, sees the endorsements left today, and is told a second one for the skill is a duplicate', async () => {
    const { page } = colleagueTab;
    await signInThroughPortal(page, app.baseUrl, colleague.email);
    await page.goto(profileUrl());
    await expect.poll(() => page.getByTestId('profile-name').textContent(), SETTLE).toBe(NICKNAME);
    expect(await page.getByTestId('profile-form').count()).toBe(0);
    expect(await page.getByTestId('endorsements-left').getAttribute('data-left')).toBe('5');

    await expect.poll(() => page.getByTestId('endorse-skill').inputValue(), SETTLE).toBe('typescript');
    await page.getByLabel('Note (optional)').fill('Reviewed my schema migration');
    await page.getByTestId('endorse-button').click();
    await page.getByTestId('endorse-done').waitFor(SETTLE);
    await expect.poll(() => page.getByTestId('endorsements-left').getAttribute('data-left'), SETTLE).toBe('4');
    const chip = page.locator('[data-testid="skill-chip"][data-skill="typescript"]');
    await expect.poll(() => chip.getByTestId('skill-endorsements').textContent(), SETTLE).toContain('1');
    expect(await chip.getAttribute('data-verified')).toBe('true');

    await page.getByTestId('endorse-button').click();
    await page.getByTestId('endorse-error').waitFor(SETTLE);
    expect(await page.getByTestId('endorse-error').textContent()).toContain(`already endorsed ${NICKNAME}`);
    expect(await page.getByTestId('endorsements-left').getAttribute('data-left')).toBe('4');
  });

  it("says when the endorser's five for the UTC day are used up (the server's 429)", async () => {
    for (const skillSlug of ['sql', 'code-review', 'testing', 'security']) {
      await request(app.baseUrl)
        .post('/api/v1/profiles/me/endorse')
        .set(colleague.auth)
        .send({ userId: member.userId, skillSlug })
        .expect(201);
    }
    const { page } = colleagueTab;
    await page.getByTestId('endorse-skill').selectOption('mentoring');
    await page.getByTestId('endorse-button').click();
    await expect
      .poll(() => page.getByTestId('endorse-error').textContent(), SETTLE)
      .toContain('used all your endorsements for today');
    expect(await page.getByTestId('endorsements-left').getAttribute('data-left')).toBe('0');
  });

  it('the member crosses the Early Contributor threshold through real events; tables name them by their nickname', async () => {
    const [owner, reviewer] = await Promise.all([signUp(app), signUp(app)]);
    ({ taskId } = await portalTask(app, { owner, assignee: member, reviewer }));
    expect((await runBadgeEvaluation(app, admin)).awards).toContainEqual(
      expect.objectContaining({ userId: member.userId, code: 'EARLY_CONTRIBUTOR' }),
    );

    const { page } = colleagueTab;
    await page.goto(url(`/tasks/${taskId}`));
    const assignee = page.getByTestId('task-assignee').locator(`[data-user-id="${member.userId}"]`);
    await expect.poll(() => assignee.textContent(), SETTLE).toContain(NICKNAME);
    expect(await page.getByTestId('task-assignee').textContent()).not.toContain(`Member ${member.userId.slice(0, 8)}`);
  });

  it('sees the badge on their profile and downloads its signed credential, which names the award event', async () => {
    const { page } = memberTab;
    await page.goto(profileUrl());
    const badge = page.locator('[data-testid="held-badge"][data-code="EARLY_CONTRIBUTOR"]');
    await badge.waitFor(SETTLE);

    const [download] = await Promise.all([
      page.waitForEvent('download', SETTLE),
      badge.getByTestId('download-credential').click(),
    ]);
    // The file is the credential route's download, byte for byte: parsed with that route's schema.
    const credential = credentialResponseSchema.parse(JSON.parse(await readFile(await download.path(), 'utf8')));
    expect(credential.type).toContain('OpenBadgeCredential');
    expect(credential.id).toContain(await badge.getAttribute('data-credential-id'));
    expect(credential.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-jcs-2022' });
    const rows = rowsOf(
      await app.database.pool.query(
        "select event_id from events where stream_id = $1 and type = 'BadgeAwarded' and data::jsonb->>'badgeCode' = 'EARLY_CONTRIBUTOR'",
        [`awards-${member.userId}`],
      ),
      eventIdRow,
    );
    expect(rows).toHaveLength(1);
    const awarded = rows.at(0);
    if (!awarded) throw new Error('no BadgeAwarded event for the member');
    expect(JSON.stringify(credential.evidence)).toContain(awarded.event_id);
  });

  it('adds the accepted task to the portfolio, which shows its provenance from the ledger', async () => {
    const { page } = memberTab;
    await page.getByLabel('Title', { exact: true }).fill('Meter export');
    await page.getByLabel('Description').fill('CSV export of the meter readings.');
    await page.getByLabel('Accepted task id (optional)').fill(taskId);
    await page.getByTestId('add-portfolio').click();
    const provenance = page.getByTestId('portfolio-item').getByTestId('portfolio-provenance');
    await provenance.waitFor(SETTLE);
    const words = await provenance.textContent();
    expect(words).toContain('B');
    expect(words).toContain('4 / 5');
    const acceptance = rowsOf(
      await app.database.pool.query("select event_id from events where stream_id = $1 and type = 'TaskAccepted'", [
        `task-${taskId}`,
      ]),
      eventIdRow,
    ).at(0);
    if (!acceptance) throw new Error('no TaskAccepted event for the task');
    expect(await provenance.getByTestId('inclusion-proof-link').getAttribute('href')).toBe(
      `/api/v1/audit/proofs/inclusion/${acceptance.event_id}`,
    );
  });

  it('lists the badge in the public directory with its holder, and its criteria in words', async () => {
    const visitor = await openPortal(browser);
    await visitor.page.goto(url('/badges'));
    const entry = visitor.page.locator('[data-testid="badge-entry"][data-code="EARLY_CONTRIBUTOR"]');
    await entry.waitFor(SETTLE);
    expect(Number(await entry.getAttribute('data-holders'))).toBeGreaterThanOrEqual(1);
    await entry.getByRole('link').click();
    await visitor.page.waitForURL(url('/badges/EARLY_CONTRIBUTOR'), SETTLE);
    const group = visitor.page.getByTestId('rule-group');
    expect(await group.getAttribute('data-mode')).toBe('all');
    expect(await group.getByTestId('rule-threshold').allTextContents()).toEqual([
      'Tasks accepted: at least 1',
      'Days since joining: at most 90',
    ]);
    expect(visitor.pageErrors).toEqual([]);
    await visitor.context.close();
  });

  it('a private profile is not shown to another member, but still to its owner', async () => {
    await memberTab.page.getByTestId('profile-public').uncheck();
    await memberTab.page.getByTestId('profile-save').click();
    await memberTab.page.getByTestId('profile-private').waitFor(SETTLE);

    const { page } = colleagueTab;
    await page.goto(profileUrl());
    await expect
      .poll(() => page.getByTestId('not-found-reason').textContent(), SETTLE)
      .toBe('There is no public profile with that id.');
    expect(await page.getByTestId('profile-name').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain(NICKNAME);
    expect(memberTab.pageErrors).toEqual([]);
    expect(colleagueTab.pageErrors).toEqual([]);
  });
});
