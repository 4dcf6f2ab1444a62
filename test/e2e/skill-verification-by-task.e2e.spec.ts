import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { profileResponseSchema, skillVerifiedResponseSchema } from '../../src/people/http/people.schemas';
import { taskPostedSchema, taskSchema, ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';
import { eventsOfType, expectContract, LONG_SESSIONS } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json, rowsOf, storedJsonObject, validationIssues } from '../support/json';
import { objectContaining } from '../support/matchers';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * #14 §2: a venture owner verifies a skill of someone whose task they accepted WITH THAT SKILL.
 * Tasks name catalog skills (TaskPosted v3), and the verification checks the log: the task of the
 * owner's venture named the skill, the member did it, and it is accepted. Real HTTP, real PostgreSQL.
 */
describe('skills named by tasks, and the venture owner verifying them', () => {
  let app: TestApp;
  let api: ReturnType<typeof request>;
  let admin: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let reviewer: TestUser;
  let ventureId: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', ...LONG_SESSIONS } });
    api = request(app.baseUrl);
    admin = await signUp(app, { roles: ['admin'], mfa: true });
    [owner, member, reviewer] = await Promise.all([signUp(app), signUp(app), signUp(app)]);
    for (const skillSlug of ['typescript', 'sql', 'go'])
      await api.post('/api/v1/profiles/me/skills').set(member.auth).send({ skillSlug, level: 3 }).expect(201);
    ventureId = json(
      await api.post('/api/v1/ventures').set(owner.auth).send({ name: 'Meter Co-op' }).expect(201),
      ventureCreatedSchema,
    ).ventureId;
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const postTask = (skills: unknown) =>
    api
      .post(`/api/v1/ventures/${ventureId}/tasks`)
      .set(owner.auth)
      .send({ title: 'Export', tier: 'B', kind: 'feature', skills });
  const verify = (verifier: TestUser, skillSlug: string, taskId?: string) =>
    api
      .post(`/api/v1/profiles/${member.userId}/skills/${skillSlug}/verify`)
      .set(verifier.auth)
      .send(taskId ? { taskId } : {});
  async function doneUpToAcceptance(taskId: string): Promise<void> {
    await api.post(`/api/v1/tasks/${taskId}/claim`).set(member.auth).send({}).expect(200);
    await api.post(`/api/v1/tasks/${taskId}/submit`).set(member.auth).send({}).expect(200);
    await api
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewer.auth)
      .send({ quality: 4, verdict: 'APPROVE' })
      .expect(201);
  }
  const accept = (taskId: string) => api.post(`/api/v1/tasks/${taskId}/accept`).set(owner.auth).send({}).expect(200);

  it('posts a task naming catalog skills, shows them on the task, and refuses a slug the catalog lacks (400)', async () => {
    const unknown = await postTask(['typescript', 'juggling']).expect(400);
    expect(errorOf(unknown)).toMatchObject({ error: 'UNKNOWN_SKILL', details: { skills: ['juggling'] } });
    expect(errorOf(unknown).message).toContain('juggling');
    expect(validationIssues(await postTask(['a', 'b', 'c', 'd', 'e', 'f']).expect(400))).toEqual([
      { path: 'skills', message: 'skills may name at most 5 skills' },
    ]);
    expect(validationIssues(await postTask(['sql', 'sql']).expect(400))).toEqual([
      { path: 'skills', message: 'skills must name each skill once' },
    ]);
    const { taskId } = json(await postTask(['typescript', 'sql']).expect(201), taskPostedSchema);
    await app.waitForProjections();
    const task = await api.get(`/api/v1/tasks/${taskId}`).set(member.auth).expect(200);
    expectContract(app, 'GET /api/v1/tasks/:taskId', task.body);
    expect(json(task, taskSchema).skills).toEqual(['typescript', 'sql']);
    // Left out, a task names none.
    const { taskId: plain } = json(
      await api
        .post(`/api/v1/ventures/${ventureId}/tasks`)
        .set(owner.auth)
        .send({ title: 'Tidy', tier: 'C', kind: 'docs' })
        .expect(201),
      taskPostedSchema,
    );
    await app.waitForProjections();
    expect(json(await api.get(`/api/v1/tasks/${plain}`).set(owner.auth).expect(200), taskSchema).skills).toEqual([]);
  });

  it('lets the owner verify a skill the task named only once it is accepted, and never one it did not name', async () => {
    const { taskId } = json(await postTask(['typescript', 'sql']).expect(201), taskPostedSchema);
    await doneUpToAcceptance(taskId);
    // Submitted and approved, but not accepted: no vouching yet.
    expect(errorOf(await verify(owner, 'typescript', taskId).expect(409)).error).toBe('TASK_NOT_YET_ACCEPTED');
    await accept(taskId);
    // Straight after the acceptance, before any read model caught up: the facts come from the log.
    const verified = await verify(owner, 'typescript', taskId).expect(200);
    expectContract(app, 'POST /api/v1/profiles/:userId/skills/:skillSlug/verify', verified.body);
    expect(json(verified, skillVerifiedResponseSchema).verifiedBy).toBe(owner.userId);
    const refused = errorOf(await verify(owner, 'go', taskId).expect(403));
    expect(refused).toMatchObject({
      error: 'SKILL_NOT_ON_TASK',
      details: { taskId, skillSlug: 'go', taskSkills: ['typescript', 'sql'] },
    });
    // Naming no task, or someone else naming this one, is still refused.
    expect(errorOf(await verify(owner, 'sql').expect(403)).error).toBe('NOT_SKILL_VERIFIER');
    expect(errorOf(await verify(reviewer, 'sql', taskId).expect(403)).error).toBe('NOT_SKILL_VERIFIER');

    const recorded = (await eventsOfType(app, 'SkillVerified')).filter(
      (event) => event.stream_id === `person-${member.userId}`,
    );
    expect(recorded.map((event) => event.data)).toEqual([
      objectContaining({ skillSlug: 'typescript', verifiedBy: owner.userId, basis: 'VENTURE_OWNER', taskId }),
    ]);
  });

  it('lets an admin verify any skill, with or without a task that named it', async () => {
    const { taskId } = json(await postTask(['sql']).expect(201), taskPostedSchema);
    await doneUpToAcceptance(taskId);
    await accept(taskId);
    await verify(admin, 'go', taskId).expect(200);
    await app.waitForProjections();
    const { skills } = json(await api.get(`/api/v1/profiles/${member.userId}`).expect(200), profileResponseSchema);
    expect(skills.find((skill) => skill.skillSlug === 'go')).toMatchObject({
      verified: true,
      verifiedBy: admin.userId,
    });
    const [adminVerified] = (await eventsOfType(app, 'SkillVerified')).filter(
      (event) => event.stream_id === `person-${member.userId}` && event.data.skillSlug === 'go',
    );
    expect(adminVerified.data).toMatchObject({ basis: 'ADMIN', taskId: null });
  });

  it('reads a task posted as TaskPosted v2 (before tasks named skills) with skills [], so it vouches for none', async () => {
    const taskId = randomUUID();
    const v2 = { taskId, ventureId, title: 'Old task', tier: 'B', kind: 'feature', severity: null };
    await app.rawStore.append(
      `task-${taskId}`,
      [
        {
          eventId: randomUUID(),
          type: 'TaskPosted',
          data: { ...v2, description: null, acceptanceCriteria: null, dueDate: null },
          metadata: {
            occurredAt: new Date().toISOString(),
            actorId: owner.userId,
            commandId: null,
            correlationId: null,
            causationId: null,
            schemaVersion: 2,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    await doneUpToAcceptance(taskId);
    await accept(taskId);
    await app.waitForProjections();
    expect(json(await api.get(`/api/v1/tasks/${taskId}`).set(owner.auth).expect(200), taskSchema)).toMatchObject({
      status: 'ACCEPTED',
      skills: [],
    });
    expect(errorOf(await verify(owner, 'sql', taskId).expect(403))).toMatchObject({
      error: 'SKILL_NOT_ON_TASK',
      details: { taskSkills: [] },
    });
    // The stored event is still v2: upcasting happens on read, the log is never rewritten.
    const stored = await app.database.pool.query(
      "select metadata::jsonb->>'schemaVersion' as version, data from events where stream_id = $1 and type = 'TaskPosted'",
      [`task-${taskId}`],
    );
    const [posted] = rowsOf(stored, z.object({ version: z.string(), data: storedJsonObject }));
    expect(posted.version).toBe('2');
    expect(Object.keys(posted.data)).not.toContain('skills');
  });
});
