import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskSchema, ventureWithTasksSchema } from '../../src/ventures/http/ventures.responses';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json, validationIssues } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';

/** #16 §1: a task says what it is, how it is judged, what it would pay, and shows the hand-in to those who judge it. */
describe('work you can see and judge', () => {
  let app: TestApp;
  let owner: TestUser;
  let assignee: TestUser;
  let reviewer: TestUser;
  let bystander: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    [owner, assignee, reviewer, bystander] = [
      await signUp(app),
      await signUp(app),
      await signUp(app),
      await signUp(app),
    ];
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);
  const task = async (taskId: string, viewer: TestUser) =>
    json(await api().get(`/api/v1/tasks/${taskId}`).set(viewer.auth).expect(200), taskSchema);

  const detailed = {
    title: 'Publish the metering API',
    tier: 'B',
    kind: 'feature',
    description: '  An HTTP API for the meter readings.  ',
    acceptanceCriteria: 'OpenAPI document; one integration test per route.',
    dueDate: '2027-02-28',
  };

  it('round-trips the description, acceptance criteria and due date (trimmed), on the task and in its venture', async () => {
    const { ventureId, taskId } = await postedTask(app, owner, detailed);
    await app.waitForProjections();
    expect(await task(taskId, bystander)).toMatchObject({
      description: 'An HTTP API for the meter readings.',
      acceptanceCriteria: 'OpenAPI document; one integration test per route.',
      dueDate: '2027-02-28',
    });
    const venture = json(
      await api().get(`/api/v1/ventures/${ventureId}`).set(owner.auth).expect(200),
      ventureWithTasksSchema,
    );
    expect(venture.tasks[0]).toMatchObject({
      taskId,
      dueDate: '2027-02-28',
      acceptanceCriteria: detailed.acceptanceCriteria,
    });
  });

  it('records null for what the owner left out', async () => {
    const { taskId } = await postedTask(app, owner, { title: 'Tidy the docs', tier: 'C', kind: 'docs' });
    await app.waitForProjections();
    expect(await task(taskId, owner)).toMatchObject({ description: null, acceptanceCriteria: null, dueDate: null });
  });

  it('refuses a due date that is no calendar day, and text over its bound', async () => {
    const { ventureId } = await postedTask(app, owner);
    const refused = await api()
      .post(`/api/v1/ventures/${ventureId}/tasks`)
      .set(owner.auth)
      .send({ ...detailed, dueDate: '2027-02-30', description: 'x'.repeat(5001) })
      .expect(400);
    expect(
      validationIssues(refused)
        .map((issue) => issue.path)
        .sort(),
    ).toEqual(['description', 'dueDate']);
  });

  it("shows the formula's preview for the tier with the reviewers unknown: B pays 34–123 BUZ on an 80 BUZ base", async () => {
    const { taskId } = await postedTask(app, owner, detailed);
    await app.waitForProjections();
    const { payout } = await task(taskId, bystander);
    // 80 × 0.6 × 0.7 = 33.6 → 34 at worst; 80 × 1.4 × 1.1 = 123.2 → 123 at best.
    expect(payout).toMatchObject({ tierBaseBuz: '80', minBuz: '34', maxBuz: '123' });
    expect(payout.byQuality).toEqual([
      { quality: 1, minBuz: '34', maxBuz: '53' },
      { quality: 2, minBuz: '45', maxBuz: '70' },
      { quality: 3, minBuz: '56', maxBuz: '88' },
      { quality: 4, minBuz: '67', maxBuz: '106' },
      { quality: 5, minBuz: '78', maxBuz: '123' },
    ]);
  });

  describe('the hand-in (note and links)', () => {
    let taskId: string;
    const handIn = { note: 'Done: see the pull request.', links: ['https://example.org/solar/pull/7'] };

    beforeAll(async () => {
      ({ taskId } = await postedTask(app, owner, detailed));
      await api().post(`/api/v1/tasks/${taskId}/claim`).set(assignee.auth).send({}).expect(200);
      await api().post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).send(handIn).expect(200);
      await app.waitForProjections();
    });

    it('is shown, while the task waits for review, to the owner, the assignee and any member who may review it', async () => {
      for (const viewer of [owner, assignee, reviewer, bystander]) {
        const [submission] = (await task(taskId, viewer)).submissions ?? [];
        expect(submission).toMatchObject({ round: 1, ...handIn });
      }
    });

    it('once reviewed and accepted, is shown to the reviewer and the owner, and not to another member', async () => {
      await api()
        .post(`/api/v1/tasks/${taskId}/reviews`)
        .set(reviewer.auth)
        .send({ quality: 4, verdict: 'APPROVE' })
        .expect(201);
      await api().post(`/api/v1/tasks/${taskId}/accept`).set(owner.auth).send({}).expect(200);
      await app.waitForProjections();
      for (const viewer of [owner, reviewer, assignee])
        expect((await task(taskId, viewer)).submissions).toEqual([expect.objectContaining(handIn)]);
      expect((await task(taskId, bystander)).submissions).toBeNull();
    });

    it('is hidden from other members while the task is back with its assignee for changes', async () => {
      const { taskId: reworked } = await postedTask(app, owner, detailed);
      await api().post(`/api/v1/tasks/${reworked}/claim`).set(assignee.auth).send({}).expect(200);
      await api().post(`/api/v1/tasks/${reworked}/submit`).set(assignee.auth).send(handIn).expect(200);
      await api()
        .post(`/api/v1/tasks/${reworked}/reviews`)
        .set(reviewer.auth)
        .send({ quality: 2, verdict: 'REQUEST_CHANGES', comment: 'Needs tests' })
        .expect(201);
      await app.waitForProjections();
      expect((await task(reworked, bystander)).submissions).toBeNull();
      expect((await task(reworked, reviewer)).submissions).toHaveLength(1);
    });

    it('takes http(s) links only, at most 10', async () => {
      const { taskId: other } = await postedTask(app, owner, detailed);
      await api().post(`/api/v1/tasks/${other}/claim`).set(assignee.auth).send({}).expect(200);
      const refused = await api()
        .post(`/api/v1/tasks/${other}/submit`)
        .set(assignee.auth)
        .send({ note: 'x', links: ['javascript:alert(1)'] })
        .expect(400);
      expect(errorOf(refused).error).toBe('VALIDATION_FAILED');
      const tooMany = Array.from({ length: 11 }, (_, index) => `https://example.org/${index}`);
      await api().post(`/api/v1/tasks/${other}/submit`).set(assignee.auth).send({ links: tooMany }).expect(400);
    });
  });
});
