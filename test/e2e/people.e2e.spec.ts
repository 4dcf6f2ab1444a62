import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK } from '../../src/shared-kernel/clock';
import { givenReputation } from '../support/earning';
import {
  eventsOfType,
  expectContract,
  LONG_SESSIONS,
  settableClock,
  twoHoursBeforeMidnight,
} from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { pngHeader } from '../support/images';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, validationIssues } from '../support/json';
import { peopleResponseSchema } from '../../src/people/http/people.controller';
import {
  endorsementFlagsResponseSchema,
  ownProfileResponseSchema,
  profileResponseSchema,
  profileUpdatedResponseSchema,
  skillCatalogResponseSchema,
} from '../../src/people/http/people.schemas';
import { closeIfStarted } from '../support/teardown';
import { taskPostedSchema, ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';

/** Profiles, visibility, skills and their verification, endorsements and the rules around them. */
describe('people: profiles, skills and endorsements', () => {
  const clock = settableClock();
  // Frozen once the MFA sign-ups are done: the rate limit's Retry-After is then exact.
  const evening = twoHoursBeforeMidnight();
  const today = evening.toISOString().slice(0, 10);
  let app: TestApp;
  let api: ReturnType<typeof request>;
  let admin: TestUser;
  let compliance: TestUser;

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', ...LONG_SESSIONS },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    api = request(app.baseUrl);
    admin = await signUp(app, { roles: ['admin'], mfa: true });
    compliance = await signUp(app, { roles: ['compliance'], mfa: true });
    clock.set(evening);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  describe('profiles and visibility', () => {
    let owner: TestUser;
    let other: TestUser;

    beforeAll(async () => {
      [owner, other] = await Promise.all([signUp(app), signUp(app)]);
    });

    it('takes the editable fields, records which changed (never their values), and answers with them', async () => {
      const patch = {
        nickname: 'Ada',
        bio: 'Builds meters.',
        location: 'Lisbon',
        websiteUrl: 'https://ada.example',
        theme: 'dark',
        isPublic: true,
      };
      const updated = await api.patch('/api/v1/profiles/me').set(owner.auth).send(patch).expect(200);
      expectContract(app, 'PATCH /api/v1/profiles/me', updated.body);
      expect(json(updated, profileUpdatedResponseSchema).changedFields.sort()).toEqual(
        ['bio', 'isPublic', 'location', 'nickname', 'theme', 'websiteUrl'].filter((field) => field !== 'isPublic'),
      );
      const own = await api.get('/api/v1/profiles/me').set(owner.auth).expect(200);
      expectContract(app, 'GET /api/v1/profiles/me', own.body);
      expect(own.body).toMatchObject({
        userId: owner.userId,
        displayName: 'Ada',
        bio: 'Builds meters.',
        theme: 'dark',
        isPublic: true,
        endorsementsLeftToday: 5,
      });
      const [event] = (await eventsOfType(app, 'ProfileUpdated')).filter(
        (row) => row.stream_id === `person-${owner.userId}`,
      );
      expect(event.data).toEqual({ changedFields: ['bio', 'location', 'nickname', 'theme', 'websiteUrl'] });
      // The same values again change nothing, and record nothing.
      expect(
        json(
          await api.patch('/api/v1/profiles/me').set(owner.auth).send(patch).expect(200),
          profileUpdatedResponseSchema,
        ).changedFields,
      ).toEqual([]);
      expect(
        (await eventsOfType(app, 'ProfileUpdated')).filter((row) => row.stream_id === `person-${owner.userId}`),
      ).toHaveLength(1);
    });

    it('answers a retried request (same Idempotency-Key) with what the first one recorded', async () => {
      const retry = () =>
        api
          .patch('/api/v1/profiles/me')
          .set(other.auth)
          .set('Idempotency-Key', 'profile-retry-1')
          .send({ location: 'Porto' })
          .expect(200);
      expect(json(await retry(), profileUpdatedResponseSchema).changedFields).toEqual(['location']);
      expect(json(await retry(), profileUpdatedResponseSchema).changedFields).toEqual(['location']);
      expect(
        (await eventsOfType(app, 'ProfileUpdated')).filter((row) => row.stream_id === `person-${other.userId}`),
      ).toHaveLength(1);
    });

    it.each([
      [{ websiteUrl: 'http://ada.example' }, 'websiteUrl'],
      [{ nickname: 'x'.repeat(41) }, 'nickname'],
      [{ bio: 'b'.repeat(281) }, 'bio'],
      [{ location: 'l'.repeat(81) }, 'location'],
      [{ theme: 'sepia' }, 'theme'],
      [{ isPublic: 'yes' }, 'isPublic'],
      [{}, ''],
      [{ email: 'a@b.example' }, ''],
    ])('refuses %j with 400', async (body, field) => {
      const response = await api.patch('/api/v1/profiles/me').set(owner.auth).send(body).expect(400);
      expect(errorOf(response).error).toBe('VALIDATION_FAILED');
      if (field) expect(validationIssues(response)[0].path).toBe(field);
    });

    it('shows a public profile to anyone, signed in or not', async () => {
      const anonymous = await api.get(`/api/v1/profiles/${owner.userId}`).expect(200);
      expectContract(app, 'GET /api/v1/profiles/:userId', anonymous.body);
      expect(anonymous.body).toMatchObject({ displayName: 'Ada', location: 'Lisbon', isPublic: true });
      expect(anonymous.body).not.toHaveProperty('theme');
      await api.get(`/api/v1/profiles/${owner.userId}`).set(other.auth).expect(200);
    });

    it('shows a private profile and its portfolio only to its owner and admins: anonymous and another member get 404', async () => {
      await api.patch('/api/v1/profiles/me').set(owner.auth).send({ isPublic: false }).expect(200);
      for (const path of [`/api/v1/profiles/${owner.userId}`, `/api/v1/profiles/${owner.userId}/portfolio`]) {
        expect(errorOf(await api.get(path).expect(404)).error).toBe('PROFILE_NOT_FOUND');
        expect(errorOf(await api.get(path).set(other.auth).expect(404)).error).toBe('PROFILE_NOT_FOUND');
        await api.get(path).set(owner.auth).expect(200);
        await api.get(path).set(admin.auth).expect(200);
      }
      expect((await api.get(`/api/v1/profiles/${owner.userId}`).set(owner.auth).expect(200)).body).toMatchObject({
        isPublic: false,
        nickname: 'Ada',
      });
      await api.patch('/api/v1/profiles/me').set(owner.auth).send({ isPublic: true }).expect(200);
    });

    it('names a member without a nickname "Member" and the start of their id', async () => {
      expect(
        json(await api.get(`/api/v1/profiles/${other.userId}`).expect(200), profileResponseSchema).displayName,
      ).toBe(`Member ${other.userId.slice(0, 8)}`);
    });

    it('gives the names and avatars of a page of people in one call, hiding what a private profile says', async () => {
      const hidden = await signUp(app);
      await api.patch('/api/v1/profiles/me').set(hidden.auth).send({ nickname: 'Hidden', isPublic: false }).expect(200);
      const names = await api
        .get(`/api/v1/people?ids=${owner.userId},${other.userId},${hidden.userId}`)
        .set(other.auth)
        .expect(200);
      expectContract(app, 'GET /api/v1/people', names.body);
      expect(json(names, peopleResponseSchema).people).toEqual([
        { userId: owner.userId, displayName: 'Ada', avatarUrl: null },
        { userId: other.userId, displayName: `Member ${other.userId.slice(0, 8)}`, avatarUrl: null },
        { userId: hidden.userId, displayName: `Member ${hidden.userId.slice(0, 8)}`, avatarUrl: null },
      ]);
      await api.get(`/api/v1/people?ids=${owner.userId}`).expect(401);
      await api.get('/api/v1/people?ids=not-an-id').set(other.auth).expect(400);
    });
  });

  // Resizing, decoding and storing by hash: test/e2e/avatar-resize.e2e.spec.ts.
  describe('avatars', () => {
    it.each([
      ['a GIF', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;', 'latin1')],
      ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
      ['a PNG over 2 MB', Buffer.concat([pngHeader(10, 10), Buffer.alloc(2 * 1024 * 1024)])],
    ])('refuses %s with 400', async (_, bytes) => {
      const member = await signUp(app);
      const refused = await api
        .put('/api/v1/profiles/me/avatar')
        .set(member.auth)
        .send({ image: bytes.toString('base64') });
      expect(refused.status).toBe(400);
      expect(['UNSUPPORTED_IMAGE', 'VALIDATION_FAILED']).toContain(errorOf(refused).error);
    });

    it('answers 404 for an avatar it does not have', async () => {
      expect(errorOf(await api.get(`/api/v1/avatars/${'0'.repeat(64)}`).expect(404)).error).toBe('AVATAR_NOT_FOUND');
    });
  });

  describe('skills and verification', () => {
    let member: TestUser;
    let owner: TestUser;
    let stranger: TestUser;

    beforeAll(async () => {
      [member, owner, stranger] = await Promise.all([signUp(app), signUp(app), signUp(app)]);
    });

    it('lists the seeded catalog (about 30 skills) publicly, and lets admins add one', async () => {
      const catalog = await api.get('/api/v1/skills').expect(200);
      expectContract(app, 'GET /api/v1/skills', catalog.body);
      expect(json(catalog, skillCatalogResponseSchema).skills.length).toBeGreaterThanOrEqual(30);
      const added = await api
        .post('/api/v1/skills')
        .set(admin.auth)
        .send({ slug: 'solar-design', name: 'Solar design', category: 'energy' })
        .expect(201);
      expectContract(app, 'POST /api/v1/skills', added.body);
      expect(
        errorOf(
          await api
            .post('/api/v1/skills')
            .set(admin.auth)
            .send({ slug: 'solar-design', name: 'Solar', category: 'energy' })
            .expect(409),
        ).error,
      ).toBe('SKILL_EXISTS');
      await api
        .post('/api/v1/skills')
        .set(member.auth)
        .send({ slug: 'other-skill', name: 'Other', category: 'energy' })
        .expect(403);
    });

    it('adds a skill once per member, from the catalog only', async () => {
      const added = await api
        .post('/api/v1/profiles/me/skills')
        .set(member.auth)
        .send({ skillSlug: 'typescript', level: 4, evidenceUrl: 'https://github.example/ada' })
        .expect(201);
      expectContract(app, 'POST /api/v1/profiles/me/skills', added.body);
      expect(
        errorOf(
          await api
            .post('/api/v1/profiles/me/skills')
            .set(member.auth)
            .send({ skillSlug: 'typescript', level: 5 })
            .expect(409),
        ).error,
      ).toBe('SKILL_ALREADY_ADDED');
      expect(
        errorOf(
          await api
            .post('/api/v1/profiles/me/skills')
            .set(member.auth)
            .send({ skillSlug: 'juggling', level: 2 })
            .expect(404),
        ).error,
      ).toBe('SKILL_NOT_FOUND');
      await api.post('/api/v1/profiles/me/skills').set(member.auth).send({ skillSlug: 'rust', level: 6 }).expect(400);
      await api
        .post('/api/v1/profiles/me/skills')
        .set(member.auth)
        .send({ skillSlug: 'solar-design', level: 2 })
        .expect(201);
      const [skill] = json(
        await api.get(`/api/v1/profiles/${member.userId}`).expect(200),
        profileResponseSchema,
      ).skills;
      expect(skill).toMatchObject({
        skillSlug: 'typescript',
        name: 'TypeScript',
        level: 4,
        evidenceUrl: 'https://github.example/ada',
        verified: false,
      });
    });

    it("is verified by the owner of a venture who accepted the member's task naming it, recording who and when; not by others", async () => {
      const taskId = await acceptedTaskOf(owner, member);
      const verify = (verifier: TestUser, body: object) =>
        api.post(`/api/v1/profiles/${member.userId}/skills/typescript/verify`).set(verifier.auth).send(body);
      expect(errorOf(await verify(stranger, { taskId }).expect(403)).error).toBe('NOT_SKILL_VERIFIER');
      expect(errorOf(await verify(owner, {}).expect(403)).error).toBe('NOT_SKILL_VERIFIER');
      expect(errorOf(await verify(member, { taskId }).expect(403)).error).toBe('NOT_SKILL_VERIFIER');
      const verified = await verify(owner, { taskId }).expect(200);
      expectContract(app, 'POST /api/v1/profiles/:userId/skills/:skillSlug/verify', verified.body);
      expect(verified.body).toMatchObject({
        skillSlug: 'typescript',
        verifiedBy: owner.userId,
        verifiedAt: clock.now().toISOString(),
      });
      const { skills } = json(await api.get(`/api/v1/profiles/${member.userId}`).expect(200), profileResponseSchema);
      expect(skills.find((skill) => skill.skillSlug === 'typescript')).toMatchObject({
        verified: true,
        verifiedBy: owner.userId,
      });
    });

    it('is verified by an admin without a task; a skill not on the profile is 404', async () => {
      await api
        .post(`/api/v1/profiles/${member.userId}/skills/solar-design/verify`)
        .set(admin.auth)
        .send({})
        .expect(200);
      const missing = await api
        .post(`/api/v1/profiles/${member.userId}/skills/go/verify`)
        .set(admin.auth)
        .send({})
        .expect(404);
      expect(errorOf(missing).error).toBe('SKILL_NOT_ON_PROFILE');
    });
  });

  describe('endorsements', () => {
    it('refuses a self-endorsement (400), a duplicate (409) and an unknown member (422)', async () => {
      const [a, b] = await Promise.all([signUp(app), signUp(app)]);
      expect(
        errorOf(
          await api
            .post('/api/v1/profiles/me/endorse')
            .set(a.auth)
            .send({ userId: a.userId, skillSlug: 'go' })
            .expect(400),
        ).error,
      ).toBe('SELF_ENDORSEMENT');
      const first = await api
        .post('/api/v1/profiles/me/endorse')
        .set(a.auth)
        .send({ userId: b.userId, skillSlug: 'go', note: 'Paired on the exporter' })
        .expect(201);
      expectContract(app, 'POST /api/v1/profiles/me/endorse', first.body);
      expect(first.body).toMatchObject({
        userId: b.userId,
        skillSlug: 'go',
        day: today,
        weight: '0.200',
        endorsementsLeftToday: 4,
      });
      expect(
        errorOf(
          await api
            .post('/api/v1/profiles/me/endorse')
            .set(a.auth)
            .send({ userId: b.userId, skillSlug: 'go' })
            .expect(409),
        ).error,
      ).toBe('ALREADY_ENDORSED');
      const unknown = await api
        .post('/api/v1/profiles/me/endorse')
        .set(a.auth)
        .send({ userId: '00000000-0000-4000-8000-000000000999', skillSlug: 'go' })
        .expect(422);
      expect(errorOf(unknown).error).toBe('UNKNOWN_USERS');
    });

    it('allows 5 a UTC day: the sixth is 429 with Retry-After until midnight UTC, and the next day is open again', async () => {
      const endorser = await signUp(app);
      const endorsees = await Promise.all(Array.from({ length: 7 }, () => signUp(app)));
      for (const endorsee of endorsees.slice(0, 5))
        await api
          .post('/api/v1/profiles/me/endorse')
          .set(endorser.auth)
          .send({ userId: endorsee.userId, skillSlug: 'sql' })
          .expect(201);
      const sixth = await api
        .post('/api/v1/profiles/me/endorse')
        .set(endorser.auth)
        .send({ userId: endorsees[5].userId, skillSlug: 'sql' })
        .expect(429);
      expect(errorOf(sixth).error).toBe('DAILY_ENDORSEMENT_LIMIT');
      // The clock says 22:00 UTC: two hours to midnight.
      expect(sixth.headers['retry-after']).toBe('7200');
      expect(
        json(await api.get('/api/v1/profiles/me').set(endorser.auth).expect(200), ownProfileResponseSchema)
          .endorsementsLeftToday,
      ).toBe(0);
      clock.set(new Date(evening.getTime() + 7200_000));
      try {
        await api
          .post('/api/v1/profiles/me/endorse')
          .set(endorser.auth)
          .send({ userId: endorsees[6].userId, skillSlug: 'sql' })
          .expect(201);
      } finally {
        clock.set(evening);
      }
    });

    it('gives the endorsee 2 × trustWeight XP, at most 20 XP a day, with every weight credited to reputation', async () => {
      const endorsee = await signUp(app);
      const strong = await Promise.all(Array.from({ length: 12 }, () => signUp(app)));
      // rep 300 → trustWeight 2.0 → 4 XP each: five endorsements reach the cap, the rest add weight only.
      await Promise.all(strong.map((endorser) => givenReputation(app, endorser.userId, 300)));
      for (const endorser of strong)
        await api
          .post('/api/v1/profiles/me/endorse')
          .set(endorser.auth)
          .send({ userId: endorsee.userId, skillSlug: 'python' })
          .expect(201);
      await app.waitForProjections();
      const credits = (await eventsOfType(app, 'EndorsementCredited')).filter(
        (row) => row.stream_id === `member-${endorsee.userId}`,
      );
      expect(credits.map((row) => row.data.weightMilli)).toEqual(Array(12).fill(2000));
      expect(credits.map((row) => row.data.xp)).toEqual([4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0]);
      expect((await api.get(`/api/v1/profiles/${endorsee.userId}`).expect(200)).body).toMatchObject({
        xp: 20,
        endorsementsReceived: 12,
      });
    });

    it('keeps one endorsement per endorser, endorsee and skill under 20 parallel requests', async () => {
      const [endorser, endorsee] = await Promise.all([signUp(app), signUp(app)]);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          api
            .post('/api/v1/profiles/me/endorse')
            .set(endorser.auth)
            .send({ userId: endorsee.userId, skillSlug: 'rust' }),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
      const given = (await eventsOfType(app, 'EndorsementGiven')).filter(
        (row) => row.stream_id === `person-${endorser.userId}`,
      );
      expect(given).toHaveLength(1);
    });

    it('allows exactly 5 of 20 parallel endorsements by one endorser in a day; the others are 429', async () => {
      const endorser = await signUp(app);
      const endorsees = await Promise.all(Array.from({ length: 20 }, () => signUp(app)));
      const answers = await Promise.all(
        endorsees.map((endorsee) =>
          api
            .post('/api/v1/profiles/me/endorse')
            .set(endorser.auth)
            .send({ userId: endorsee.userId, skillSlug: 'devops' }),
        ),
      );
      expect(answers.filter((answer) => answer.status === 201)).toHaveLength(5);
      expect(answers.filter((answer) => answer.status === 429)).toHaveLength(15);
    });

    it('flags a reciprocal pair and a three-member cycle within a day for compliance, without blocking them', async () => {
      const [a, b, c] = await Promise.all([signUp(app), signUp(app), signUp(app)]);
      const endorse = (from: TestUser, to: TestUser, skillSlug: string) =>
        api.post('/api/v1/profiles/me/endorse').set(from.auth).send({ userId: to.userId, skillSlug }).expect(201);
      await endorse(a, b, 'marketing');
      await endorse(b, a, 'sales');
      await endorse(b, c, 'finance');
      await endorse(c, a, 'legal');
      await app.waitForProjections();
      const flags = await api.get('/api/v1/compliance/endorsement-flags').set(compliance.auth).expect(200);
      expectContract(app, 'GET /api/v1/compliance/endorsement-flags', flags.body);
      const ours = json(flags, endorsementFlagsResponseSchema).flags.filter((flag) =>
        flag.memberIds.includes(a.userId),
      );
      expect(ours.map((flag) => [flag.kind, flag.memberIds])).toEqual(
        expect.arrayContaining([
          ['RECIPROCAL', [a.userId, b.userId].sort()],
          ['CYCLE', [a.userId, b.userId, c.userId].sort()],
        ]),
      );
      expect(ours).toHaveLength(2);
      await api.get('/api/v1/compliance/endorsement-flags').set(a.auth).expect(403);
    });
  });

  /** A venture of `owner` with a task `member` did, reviewed and accepted in the portal. */
  async function acceptedTaskOf(owner: TestUser, member: TestUser): Promise<string> {
    const reviewer = await signUp(app);
    const { ventureId } = json(
      await api.post('/api/v1/ventures').set(owner.auth).send({ name: 'Meter Co-op' }).expect(201),
      ventureCreatedSchema,
    );
    const { taskId } = json(
      await api
        .post(`/api/v1/ventures/${ventureId}/tasks`)
        .set(owner.auth)
        .send({ title: 'Export meter data', tier: 'B', kind: 'feature', skills: ['typescript'] })
        .expect(201),
      taskPostedSchema,
    );
    await api.post(`/api/v1/tasks/${taskId}/claim`).set(member.auth).send({}).expect(200);
    await api.post(`/api/v1/tasks/${taskId}/submit`).set(member.auth).send({}).expect(200);
    await api
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewer.auth)
      .send({ quality: 4, verdict: 'APPROVE' })
      .expect(201);
    await api.post(`/api/v1/tasks/${taskId}/accept`).set(owner.auth).send({}).expect(200);
    return taskId;
  }
});
