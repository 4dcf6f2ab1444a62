import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadgeEvaluationService } from '../../src/badges/jobs/badge-evaluation.service';
import { CommandBus } from '@nestjs/cqrs';
import { AwardBadgeByRule } from '../../src/badges/commands/badge.commands';
import {
  badgeAwardResponseSchema,
  badgeDirectoryResponseSchema,
  badgeResponseSchema,
  gamificationStatusResponseSchema,
} from '../../src/badges/http/badges.schemas';
import { profileResponseSchema } from '../../src/people/http/people.schemas';
import { CLOCK } from '../../src/shared-kernel/clock';
import { acceptance, integrationAuth } from '../support/earning';
import {
  awardedBadges,
  eventsOfType,
  expectContract,
  LONG_SESSIONS,
  portalTask,
  runBadgeEvaluation,
  settableClock,
} from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json } from '../support/json';
import { anyNumber, anyString } from '../support/matchers';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

const codes = (awards: { code: string }[]) => awards.map((award) => award.code);

/** Badges: the directory, admin badges, and each seeded badge awarded exactly when its rule becomes true from real events. */
describe('badges', () => {
  const clock = settableClock();
  let app: TestApp;
  let api: ReturnType<typeof request>;
  let admin: TestUser;
  let officer: TestUser;
  let owner: TestUser;
  let reviewer: TestUser;
  let system: { Authorization: string };
  // The evaluation reads the feed, which shows an event once the transactions before it have ended.
  const evaluate = async () => {
    await app.waitForProjections();
    const report = await app.app.get(BadgeEvaluationService).runNow();
    await app.waitForProjections();
    return report;
  };

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', ...LONG_SESSIONS },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    api = request(app.baseUrl);
    [admin, officer, owner, reviewer] = await Promise.all([
      signUp(app, { roles: ['admin'], mfa: true }),
      signUp(app, { roles: ['compliance'], mfa: true }),
      signUp(app),
      signUp(app),
    ]);
    system = await integrationAuth(app);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  describe('the directory and admin badges', () => {
    it('lists the six seeded badges publicly, with their rules in words and holder counts', async () => {
      const directory = await api.get('/api/v1/badges').expect(200);
      expectContract(app, 'GET /api/v1/badges', directory.body);
      expect(json(directory, badgeDirectoryResponseSchema).badges.map((badge) => badge.code)).toEqual([
        'EARLY_CONTRIBUTOR',
        'BUG_HUNTER_BRONZE',
        'TOP_REVIEWER',
        'SECURITY_CHAMPION',
        'EQUITY_PIONEER',
        'COMMUNITY_BUILDER',
      ]);
      const detail = await api.get('/api/v1/badges/SECURITY_CHAMPION').expect(200);
      expectContract(app, 'GET /api/v1/badges/:code', detail.body);
      expect(json(detail, badgeResponseSchema).criteria).toBe(
        'kycStatus exactly PASSED and deviceCompliantDays at least 30 and policyViolations exactly 0',
      );
      expect(errorOf(await api.get('/api/v1/badges/NO_SUCH_BADGE').expect(404)).error).toBe('BADGE_NOT_FOUND');
    });

    it('creates a badge with a valid rule (admin only) and refuses a malformed rule with 400 before writing anything', async () => {
      const badge = { code: 'MENTOR', name: 'Mentor', description: 'Mentored newcomers.', rule: { type: 'MANUAL' } };
      const member = await signUp(app);
      await api.post('/api/v1/badges').set(member.auth).send(badge).expect(403);
      const created = await api.post('/api/v1/badges').set(admin.auth).send(badge).expect(201);
      expectContract(app, 'POST /api/v1/badges', created.body);
      expect(errorOf(await api.post('/api/v1/badges').set(admin.auth).send(badge).expect(409)).error).toBe(
        'BADGE_EXISTS',
      );
      const before = (await eventsOfType(app, 'BadgeDefined')).length;
      for (const rule of [
        { type: 'THRESHOLD', metric: 'karma', gte: 1 },
        { type: 'THRESHOLD', metric: 'tasksAccepted', gte: 1, lt: 3 },
        { type: 'COMPOSITE', all: [] },
      ]) {
        const refused = await api
          .post('/api/v1/badges')
          .set(admin.auth)
          .send({ ...badge, code: 'BROKEN', rule })
          .expect(400);
        expect(errorOf(refused).error).toBe('VALIDATION_FAILED');
      }
      expect((await eventsOfType(app, 'BadgeDefined')).length).toBe(before);
    });

    it('awards a MANUAL badge by hand (idempotently), refuses a rule badge, and revokes only with a reason', async () => {
      const member = await signUp(app);
      const award = (code: string, key: string) =>
        api
          .post(`/api/v1/badges/${code}/award`)
          .set(admin.auth)
          .set('Idempotency-Key', key)
          .send({ userId: member.userId, reason: 'Ran the onboarding circle' });
      const awarded = await award('MENTOR', 'award-mentor-1').expect(200);
      expectContract(app, 'POST /api/v1/badges/:code/award', awarded.body);
      expect(awarded.body).toMatchObject({ awarded: true, credentialId: anyString });
      expect((await award('MENTOR', 'award-mentor-1').expect(200)).body).toEqual(awarded.body);
      expect((await award('MENTOR', 'award-mentor-2').expect(200)).body).toMatchObject({
        awarded: false,
        credentialId: json(awarded, badgeAwardResponseSchema).credentialId,
      });
      expect(errorOf(await award('TOP_REVIEWER', 'award-top-1').expect(409)).error).toBe('BADGE_NOT_MANUAL');
      await api.post('/api/v1/badges/MENTOR/revoke').set(admin.auth).send({ userId: member.userId }).expect(400);
      const revoked = await api
        .post('/api/v1/badges/MENTOR/revoke')
        .set(admin.auth)
        .send({ userId: member.userId, reason: 'Awarded to the wrong person' })
        .expect(200);
      expectContract(app, 'POST /api/v1/badges/:code/revoke', revoked.body);
      expect(
        errorOf(
          await api
            .post('/api/v1/badges/MENTOR/revoke')
            .set(admin.auth)
            .send({ userId: member.userId, reason: 'Again' })
            .expect(409),
        ).error,
      ).toBe('BADGE_NOT_HELD');
      await app.waitForProjections();
      expect(
        json(await api.get(`/api/v1/profiles/${member.userId}`).expect(200), profileResponseSchema).badges,
      ).toEqual([]);
    });
  });

  describe('the seeded badges, from real events', () => {
    it('EARLY_CONTRIBUTOR: not for a new member, then on their first accepted task, with the metrics as evidence', async () => {
      const member = await signUp(app);
      await evaluate();
      expect(await awardedBadges(app, member.userId)).toEqual([]);
      await api
        .post('/api/v1/events/task/accepted')
        .set(system)
        .send(acceptance(member.userId, [reviewer.userId], { quality: 4 }))
        .expect(200);
      await evaluate();
      expect(await awardedBadges(app, member.userId)).toEqual([
        { code: 'EARLY_CONTRIBUTOR', evidence: { tasksAccepted: 1, daysSinceJoin: 0 } },
      ]);
    });

    it('BUG_HUNTER_BRONZE: not for a high-severity bug, then for a critical one', async () => {
      const hunter = await signUp(app);
      await portalTask(app, { owner, assignee: hunter, reviewer, kind: 'bug', severity: 'high' });
      await evaluate();
      expect(codes(await awardedBadges(app, hunter.userId))).toEqual(['EARLY_CONTRIBUTOR']);
      await portalTask(app, { owner, assignee: hunter, reviewer, kind: 'bug', severity: 'critical' });
      await evaluate();
      expect((await awardedBadges(app, hunter.userId))[1]).toEqual({
        code: 'BUG_HUNTER_BRONZE',
        evidence: { criticalBugReports: 1 },
      });
    });

    it('TOP_REVIEWER: not after nine helpful reviews, then after the tenth', async () => {
      const topReviewer = await signUp(app);
      const worker = await signUp(app);
      const { ventureId } = await portalTask(app, { owner, assignee: worker, reviewer: topReviewer, helpful: true });
      for (let task = 2; task <= 9; task += 1)
        await portalTask(app, { owner, assignee: worker, reviewer: topReviewer, helpful: true, ventureId });
      await evaluate();
      expect(codes(await awardedBadges(app, topReviewer.userId))).toEqual([]);
      await portalTask(app, { owner, assignee: worker, reviewer: topReviewer, helpful: true, ventureId });
      await evaluate();
      expect(await awardedBadges(app, topReviewer.userId)).toEqual([
        { code: 'TOP_REVIEWER', evidence: { helpfulReviews: 10, reviewAgreementPct: 100 } },
      ]);
    });

    it('COMMUNITY_BUILDER: not with four endorsements, then with the fifth (and an average quality of 4)', async () => {
      const builder = await signUp(app);
      await api
        .post('/api/v1/events/task/accepted')
        .set(system)
        .send(acceptance(builder.userId, [reviewer.userId], { quality: 4 }))
        .expect(200);
      const endorsers = await Promise.all(Array.from({ length: 5 }, () => signUp(app)));
      for (const endorser of endorsers.slice(0, 4))
        await api
          .post('/api/v1/profiles/me/endorse')
          .set(endorser.auth)
          .send({ userId: builder.userId, skillSlug: 'mentoring' })
          .expect(201);
      await evaluate();
      expect(codes(await awardedBadges(app, builder.userId))).toEqual(['EARLY_CONTRIBUTOR']);
      await api
        .post('/api/v1/profiles/me/endorse')
        .set(endorsers[4].auth)
        .send({ userId: builder.userId, skillSlug: 'mentoring' })
        .expect(201);
      await evaluate();
      expect((await awardedBadges(app, builder.userId))[1]).toEqual({
        code: 'COMMUNITY_BUILDER',
        evidence: { endorsementsReceived: 5, avgQuality: 4 },
      });
    });

    it('awards once per member and badge when 20 evaluations of it run at once', async () => {
      const member = await signUp(app);
      const bus = app.app.get(CommandBus);
      const day = clock.now().toISOString().slice(0, 10);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          bus.execute(new AwardBadgeByRule(member.userId, 'EQUITY_PIONEER', { conversionsSettled: 1 }, day)),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.awarded)).toHaveLength(1);
      // Evaluations run again (one through the admin's job route) find it held and award nothing.
      await evaluate();
      expect((await runBadgeEvaluation(app, admin)).awards).toEqual([]);
      expect(codes(await awardedBadges(app, member.userId))).toEqual(['EQUITY_PIONEER']);
      await app.waitForProjections();
      const xp = (await eventsOfType(app, 'XpAwarded')).filter((row) => row.stream_id === `member-${member.userId}`);
      expect(xp.map((row) => row.data)).toEqual([{ source: 'badge', ref: 'EQUITY_PIONEER', xp: 50, day }]);
    });

    it('shows admins the last evaluation, awards per badge and the XP and reputation distributions', async () => {
      const status = await api.get('/api/debug/gamification/status').set(admin.auth).expect(200);
      expectContract(app, 'GET /api/debug/gamification/status', status.body);
      const { lastEvaluation, awardsPerBadge, xpDistribution } = json(status, gamificationStatusResponseSchema);
      expect(lastEvaluation).toMatchObject({ outcome: 'SUCCEEDED', durationMs: anyNumber });
      expect(awardsPerBadge).toContainEqual({ code: 'EARLY_CONTRIBUTOR', holders: anyNumber, revoked: 0 });
      expect(
        present(
          awardsPerBadge.find((row) => row.code === 'EARLY_CONTRIBUTOR'),
          'the EARLY_CONTRIBUTOR row',
        ).holders,
      ).toBeGreaterThanOrEqual(4);
      expect(xpDistribution.reduce((sum, row) => sum + row.members, 0)).toBeGreaterThan(0);
      await api.get('/api/debug/gamification/status').set(owner.auth).expect(403);
    });

    // Last: it moves the clock 30 days on, past every session's end, so it works without HTTP afterwards.
    it('SECURITY_CHAMPION: not after 29 days of compliant devices, then at 30; never with a policy violation', async () => {
      const [champion, violator] = await Promise.all([signUp(app), signUp(app)]);
      for (const member of [champion, violator]) {
        await api
          .post('/api/v1/kyc')
          .set(member.auth)
          .send({
            legalName: 'Test Member',
            dateOfBirth: '1990-01-01',
            country: 'DE',
            documentType: 'ID_CARD',
            documentNumber: 'ID123456',
          })
          .expect(202);
        await api
          .post(`/api/v1/kyc/${member.userId}/decision`)
          .set(officer.auth)
          .send({ status: 'PASSED', reason: 'checked' })
          .expect(200);
        await api
          .post('/api/v1/devices/posture')
          .set(member.auth)
          .send({ deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true })
          .expect(200);
      }
      await api
        .post(`/api/v1/users/${violator.userId}/policy-violations`)
        .set(officer.auth)
        .send({ policy: 'SHARED_CREDENTIALS', severity: 'LOW' })
        .expect(201);
      clock.advanceDays(29);
      await evaluate();
      expect(codes(await awardedBadges(app, champion.userId))).toEqual([]);
      clock.advanceDays(1);
      await evaluate();
      expect(await awardedBadges(app, champion.userId)).toEqual([
        { code: 'SECURITY_CHAMPION', evidence: { kycStatus: 'PASSED', deviceCompliantDays: 30, policyViolations: 0 } },
      ]);
      expect(codes(await awardedBadges(app, violator.userId))).toEqual([]);
    });
  });
});
