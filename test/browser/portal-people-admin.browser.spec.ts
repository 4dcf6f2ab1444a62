import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileResponseSchema } from '../../src/people/http/people.schemas';
import { launchBrowser } from '../support/browser';
import { awardedBadges, portalTask } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { SETTLE, openPortal, signInThroughPortal, type PortalTab } from '../support/portal';
import { saveScreenshots } from '../support/screenshots';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * #14's staff pages: an admin creates a badge (seeing the server's rule errors in words), awards
 * a MANUAL one and revokes it; a venture owner verifies a skill their task named from the
 * profile's chips, and posts a task naming skills; a compliance officer dismisses a flagged
 * endorsement ring. Real API on PostgreSQL, built UI, Chromium.
 */
describe('Portal: badge administration, skill verification and endorsement-ring review', () => {
  let app: TestApp;
  let browser: Browser;
  let admin: TestUser;
  let compliance: TestUser;
  let member: TestUser;
  let owner: TestUser;
  let reviewer: TestUser;
  let ventureId: string;
  const tabs: PortalTab[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    [admin, compliance, member, owner, reviewer] = await Promise.all([
      signUp(app, { roles: ['admin'], mfa: true }),
      signUp(app, { roles: ['compliance'], mfa: true }),
      signUp(app),
      signUp(app),
      signUp(app),
    ]);
    const api = request(app.baseUrl);
    await api.patch('/api/v1/profiles/me').set(member.auth).send({ nickname: 'Grace Hopper' }).expect(200);
    await api.patch('/api/v1/profiles/me').set(compliance.auth).send({ nickname: 'Frances Allen' }).expect(200);
    for (const skillSlug of ['typescript', 'sql']) {
      await api.post('/api/v1/profiles/me/skills').set(member.auth).send({ skillSlug, level: 4 }).expect(201);
    }
    // The owner accepted the member's task that named TypeScript: that lets them verify that skill, and no other.
    ({ ventureId } = await portalTask(app, { owner, assignee: member, reviewer, skills: ['typescript'] }));
    // A reciprocal pair within the day: flagged for compliance, not blocked.
    for (const [from, to] of [
      [member, reviewer],
      [reviewer, member],
    ]) {
      await api
        .post('/api/v1/profiles/me/endorse')
        .set(from.auth)
        .send({ userId: to.userId, skillSlug: 'sql' })
        .expect(201);
    }
    await app.waitForProjections();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const tab of tabs) expect(tab.pageErrors).toEqual([]);
    await closeIfStarted(browser);
    await closeIfStarted(app);
  });

  const url = (path: string) => `${app.baseUrl}${path}`;
  async function signedIn(user: TestUser): Promise<PortalTab> {
    const tab = await openPortal(browser);
    tabs.push(tab);
    await signInThroughPortal(tab.page, app.baseUrl, user.email, user.totpSecret);
    return tab;
  }

  it('an admin creates a badge, told in words what is wrong with a rule, then awards and revokes a MANUAL badge', async () => {
    const { page } = await signedIn(admin);
    await page.getByRole('link', { name: 'Manage badges' }).click();
    await page.waitForURL(url('/admin/badges'), SETTLE);
    await page.getByTestId('admin-badge-row').first().waitFor(SETTLE);

    await page.getByLabel('Code').fill('MENTOR');
    await page.getByLabel('Name').fill('Mentor');
    await page.getByLabel('Description').fill('Guides newcomers through their first tasks.');
    // Not JSON: caught before anything is sent.
    await page.getByTestId('badge-rule').fill('{ "type": "THRESHOLD", ');
    await page.getByTestId('create-badge').click();
    await expect.poll(() => page.getByTestId('badge-rule-issues').textContent(), SETTLE).toContain('not valid JSON');
    // JSON, but not a rule: the server's zod issues, each with its path inside the rule.
    await page.getByTestId('badge-rule').fill('{ "type": "THRESHOLD", "metric": "karma", "gte": 5 }');
    await page.getByTestId('create-badge').click();
    await expect.poll(() => page.getByTestId('badge-rule-issues').textContent(), SETTLE).toContain('rule.metric');
    expect(await page.getByTestId('badge-rule-issues').textContent()).toContain('metric must be one of');
    await saveScreenshots(page, 'admin-badges-rule-refused');

    await page.getByTestId('badge-rule').fill('{ "type": "MANUAL" }');
    expect(await page.getByTestId('badge-rule-preview').textContent()).toMatch(/admin/i);
    await page.getByTestId('create-badge').click();
    await page.getByTestId('badge-created').waitFor(SETTLE);
    await page.locator('[data-testid="admin-badge-row"][data-code="MENTOR"]').waitFor(SETTLE);

    // Awarded by pasting the member's profile link; the reason is required.
    await page.getByTestId('award-badge-code').selectOption('MENTOR');
    await page
      .getByLabel('Member')
      .first()
      .fill(url(`/profiles/${member.userId}`));
    await page.getByTestId('award-badge').click();
    await page.locator('#award-badge-reason-error').waitFor(SETTLE);
    await page.getByLabel('Reason').first().fill('Mentored three newcomers in November');
    await page.getByTestId('award-badge').click();
    await expect.poll(() => page.getByTestId('award-badge-done').textContent(), SETTLE).toContain('Awarded Mentor');
    await expect
      .poll(
        () => page.locator('[data-testid="admin-badge-row"][data-code="MENTOR"]').getAttribute('data-holders'),
        SETTLE,
      )
      .toBe('1');
    expect(await awardedBadges(app, member.userId)).toContainEqual(expect.objectContaining({ code: 'MENTOR' }));
    await saveScreenshots(page, 'admin-badges-awarded');

    await page.goto(url(`/profiles/${member.userId}`));
    await page.locator('[data-testid="held-badge"][data-code="MENTOR"]').waitFor(SETTLE);

    await page.goto(url('/admin/badges'));
    await page.getByTestId('revoke-badge-code').selectOption('MENTOR');
    await page.getByLabel('Member').nth(1).fill(member.userId);
    await page.getByLabel('Reason').nth(1).fill('Awarded to the wrong account');
    await page.getByTestId('revoke-badge').click();
    await expect.poll(() => page.getByTestId('revoke-badge-done').textContent(), SETTLE).toContain('Revoked Mentor');
    await app.waitForProjections();
    const profile = json(
      await request(app.baseUrl).get(`/api/v1/profiles/${member.userId}`).expect(200),
      profileResponseSchema,
    );
    expect(profile.badges.map((badge) => badge.code)).not.toContain('MENTOR');
  });

  it('the venture owner who accepted their task verifies the skill it named from its chip; a colleague sees no Verify', async () => {
    const colleague = await signedIn(reviewer);
    await colleague.page.goto(url(`/profiles/${member.userId}`));
    await colleague.page.locator('[data-testid="skill-chip"][data-skill="typescript"]').waitFor(SETTLE);
    expect(await colleague.page.getByTestId('verify-skill').count()).toBe(0);

    const { page } = await signedIn(owner);
    await page.goto(url(`/profiles/${member.userId}`));
    const chip = page.locator('[data-testid="skill-chip"][data-skill="typescript"]');
    await chip.getByTestId('verify-skill').waitFor(SETTLE);
    expect(await chip.getAttribute('data-verified')).toBe('false');
    await saveScreenshots(page, 'profile-verify-skill');
    await chip.getByTestId('verify-skill').click();
    await page.getByTestId('skill-verified').waitFor(SETTLE);
    await expect.poll(() => chip.getAttribute('data-verified'), SETTLE).toBe('true');
    expect(await chip.getByTestId('verify-skill').count()).toBe(0);
    // The task did not name SQL: the owner may not vouch for it. The verified one records who did it.
    expect(await page.locator('[data-testid="skill-chip"][data-skill="sql"]').getByTestId('verify-skill').count()).toBe(
      0,
    );
    const profile = json(
      await request(app.baseUrl).get(`/api/v1/profiles/${member.userId}`).expect(200),
      profileResponseSchema,
    );
    expect(profile.skills.find((skill) => skill.skillSlug === 'typescript')?.verifiedBy).toBe(owner.userId);
  });

  it('the owner posts a task naming skills with the picker, and the task page shows them by name', async () => {
    const { page } = await signedIn(owner);
    await page.goto(url(`/ventures/${ventureId}`));
    const form = page.getByTestId('post-task-form');
    await form.getByLabel('Title').fill('Tune the meter queries');
    await form.locator('[data-testid="task-skill-option"][data-skill="sql"]').check(SETTLE);
    await form.locator('[data-testid="task-skill-option"][data-skill="backend"]').check();
    await saveScreenshots(page, 'post-task-skills');
    await form.getByTestId('post-task').click();
    await page.getByTestId('task-posted').getByRole('link').click();
    const skills = page.getByTestId('task-skill');
    await skills.first().waitFor(SETTLE);
    const named = await Promise.all((await skills.all()).map((skill) => skill.getAttribute('data-skill')));
    // In the catalog's order (category, then name), as the picker lists them.
    expect(named).toEqual(['backend', 'sql']);
    await expect.poll(() => page.getByTestId('task-skills').textContent(), SETTLE).toContain('Backend development');
    expect(await page.getByTestId('task-skills').textContent()).toContain('SQL');
  });

  it('a compliance officer finds the reciprocal pair by nickname, dismisses it with a note, and sees who reviewed it', async () => {
    const { page } = await signedIn(compliance);
    await page.getByRole('link', { name: 'Endorsement rings' }).click();
    await page.waitForURL(url('/compliance/endorsement-rings'), SETTLE);
    const ring = page.locator('[data-testid="endorsement-ring"][data-kind="RECIPROCAL"]');
    await ring.waitFor(SETTLE);
    expect(await ring.getAttribute('data-outcome')).toBe('open');
    expect((await ring.getAttribute('data-members'))?.split(',').sort()).toEqual(
      [member.userId, reviewer.userId].sort(),
    );
    await expect.poll(() => ring.textContent(), SETTLE).toContain('Grace Hopper');
    await saveScreenshots(page, 'compliance-endorsement-rings');

    await ring.getByTestId('ring-review-note').fill('They review each other’s pull requests daily');
    await ring.getByTestId('ring-dismiss').click();
    // Reviewed, it leaves the open list; "Reviewed" shows it with who, when and how.
    await page.getByTestId('no-endorsement-rings').waitFor(SETTLE);
    await page.getByTestId('rings-show-reviewed').click();
    const reviewed = page.locator('[data-testid="endorsement-ring"][data-outcome="dismissed"]');
    await reviewed.waitFor(SETTLE);
    expect(await reviewed.getByTestId('ring-review').textContent()).toContain('Dismissed');
    await expect
      .poll(() => reviewed.getByTestId('ring-reviewer').getAttribute('data-display-name'), SETTLE)
      .toBe('Frances Allen');
    expect(await reviewed.getByTestId('ring-review-note-text').textContent()).toBe(
      'They review each other’s pull requests daily',
    );
    expect(await reviewed.getByTestId('ring-review-form').count()).toBe(0);
    await saveScreenshots(page, 'compliance-endorsement-ring-reviewed');

    // A member who is neither is told the page is not for them.
    const { page: memberPage } = await signedIn(member);
    await memberPage.goto(url('/compliance/endorsement-rings'));
    await memberPage.getByTestId('access-denied').waitFor(SETTLE);
    expect(await memberPage.getByTestId('endorsement-rings').count()).toBe(0);
  });
});
