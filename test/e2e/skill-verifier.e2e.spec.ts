import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  endorsementFlagsResponseSchema,
  profileResponseSchema,
  skillVerifiedResponseSchema,
  skillVerifierResponseSchema,
} from '../../src/people/http/people.schemas';
import { expectContract, LONG_SESSIONS, portalTask } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** #14 §2–3 in the portal's terms: who is shown the Verify button, and who reads the ring flags. */
describe('who may verify a skill, and who reviews endorsement rings', () => {
  let app: TestApp;
  let api: ReturnType<typeof request>;
  let admin: TestUser;
  let member: TestUser;
  let owner: TestUser;
  let reviewer: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', ...LONG_SESSIONS } });
    api = request(app.baseUrl);
    admin = await signUp(app, { roles: ['admin'], mfa: true });
    [member, owner, reviewer, stranger] = await Promise.all([signUp(app), signUp(app), signUp(app), signUp(app)]);
    await api
      .post('/api/v1/profiles/me/skills')
      .set(member.auth)
      .send({ skillSlug: 'typescript', level: 3 })
      .expect(201);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const verifierFor = async (viewer: TestUser) => {
    const answer = await api.get(`/api/v1/profiles/${member.userId}/skill-verifier`).set(viewer.auth).expect(200);
    expectContract(app, 'GET /api/v1/profiles/:userId/skill-verifier', answer.body);
    return json(answer, skillVerifierResponseSchema);
  };
  const nobody = () => ({ mayVerify: false, basis: null, skills: [] });

  it('tells a venture owner which skills they may verify once they accepted a task of the member naming them, and the task', async () => {
    expect(await verifierFor(owner)).toMatchObject(nobody());
    // A task that named no skill vouches for none.
    await portalTask(app, { owner, assignee: member, reviewer });
    await app.waitForProjections();
    expect(await verifierFor(owner)).toMatchObject(nobody());
    const { taskId } = await portalTask(app, { owner, assignee: member, reviewer, skills: ['typescript', 'sql'] });
    await app.waitForProjections();
    expect(await verifierFor(owner)).toEqual({
      userId: member.userId,
      mayVerify: true,
      basis: 'VENTURE_OWNER',
      skills: [
        { skillSlug: 'sql', taskId },
        { skillSlug: 'typescript', taskId },
      ],
    });
    // The task it names is the one the verification accepts.
    const verified = await api
      .post(`/api/v1/profiles/${member.userId}/skills/typescript/verify`)
      .set(owner.auth)
      .send({ taskId })
      .expect(200);
    expect(json(verified, skillVerifiedResponseSchema).verifiedBy).toBe(owner.userId);
    const profile = json(await api.get(`/api/v1/profiles/${member.userId}`).expect(200), profileResponseSchema);
    expect(profile.skills.find((skill) => skill.skillSlug === 'typescript')?.verified).toBe(true);
  });

  it('tells an admin (verified session) yes for any skill, and the member, a reviewer or a stranger no', async () => {
    expect(await verifierFor(admin)).toMatchObject({ mayVerify: true, basis: 'ADMIN', skills: [] });
    expect(await verifierFor(member)).toMatchObject(nobody());
    // The reviewer approved the task but owns no venture that accepted it.
    expect(await verifierFor(reviewer)).toMatchObject(nobody());
    expect(await verifierFor(stranger)).toMatchObject(nobody());
    await api.get(`/api/v1/profiles/${member.userId}/skill-verifier`).expect(401);
  });

  it('lets an admin read the reciprocal ring flags as well as compliance, and no member', async () => {
    const [left, right] = await Promise.all([signUp(app), signUp(app)]);
    for (const [from, to] of [
      [left, right],
      [right, left],
    ]) {
      await api
        .post('/api/v1/profiles/me/endorse')
        .set(from.auth)
        .send({ userId: to.userId, skillSlug: 'typescript' })
        .expect(201);
    }
    await app.waitForProjections();
    const answer = await api.get('/api/v1/compliance/endorsement-flags').set(admin.auth).expect(200);
    expectContract(app, 'GET /api/v1/compliance/endorsement-flags', answer.body);
    const ring = json(answer, endorsementFlagsResponseSchema).flags.find((flag) =>
      flag.memberIds.includes(left.userId),
    );
    expect(ring?.kind).toBe('RECIPROCAL');
    expect([...(ring?.memberIds ?? [])].sort()).toEqual([left.userId, right.userId].sort());
    await api.get('/api/v1/compliance/endorsement-flags').set(left.auth).expect(403);
  });
});
