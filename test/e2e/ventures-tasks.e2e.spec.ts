import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedId } from '../../src/shared-kernel/ids';
import { eventCount, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { z } from 'zod';
import {
  taskAcceptanceSchema,
  ventureCreatedSchema,
  taskPostedSchema,
  taskSchema,
  taskStepSchema,
  venturesSchema,
  ventureWithTasksSchema,
} from '../../src/ventures/http/ventures.responses';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { closeIfStarted } from '../support/teardown';

describe('ventures and tasks over HTTP', () => {
  let app: TestApp;
  let owner: TestUser;
  let assignee: TestUser;
  let reviewers: TestUser[];
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    [owner, assignee, ...reviewers] = await Promise.all([signUp(app), signUp(app), signUp(app), signUp(app)]);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);
  const taskEvents = async (taskId: string) =>
    rowsOf(
      await app.database.pool.query('select event_id, type, data from events where stream_id = $1 order by revision', [
        `task-${taskId}`,
      ]),
      z.object({ event_id: z.string(), type: z.string(), data: storedJsonObject }),
    );

  /** Posted, claimed and submitted by `assignee`, then approved by both reviewers. */
  async function approvedTask(): Promise<{ ventureId: string; taskId: string }> {
    const ids = await postedTask(app, owner);
    await api().post(`/api/v1/tasks/${ids.taskId}/claim`).set(assignee.auth).expect(200);
    await api()
      .post(`/api/v1/tasks/${ids.taskId}/submit`)
      .set(assignee.auth)
      .send({ note: 'Done, see the docs PR' })
      .expect(200);
    for (const [index, reviewer] of reviewers.entries()) {
      await api()
        .post(`/api/v1/tasks/${ids.taskId}/reviews`)
        .set(reviewer.auth)
        .send({ quality: 4 + index, verdict: 'APPROVE' })
        .expect(201);
    }
    return ids;
  }

  it('runs the whole flow: owner posts, a member claims and submits, reviewers approve, the owner accepts', async () => {
    const { ventureId, taskId } = await postedTask(app, owner, {
      title: 'Fix the CSV export',
      tier: 'A',
      kind: 'bug',
      severity: 'high',
    });
    expect(
      json(await api().post(`/api/v1/tasks/${taskId}/claim`).set(assignee.auth).expect(200), taskStepSchema),
    ).toEqual({
      taskId,
      status: 'CLAIMED',
    });
    expect(
      json(
        await api().post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).send({ note: 'PR 42' }).expect(200),
        taskStepSchema,
      ),
    ).toEqual({ taskId, status: 'SUBMITTED' });
    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewers[0].auth)
      .send({ quality: 4, verdict: 'APPROVE', comment: 'Clean' })
      .expect(201);
    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewers[1].auth)
      .send({ quality: 5, verdict: 'APPROVE' })
      .expect(201);

    const accepted = json(
      await api()
        .post(`/api/v1/tasks/${taskId}/accept`)
        .set(owner.auth)
        .send({ helpfulReviewerIds: [reviewers[1].userId] })
        .expect(200),
      taskAcceptanceSchema,
    );
    expect(accepted).toEqual({
      taskId,
      ventureId,
      assigneeId: assignee.userId,
      tier: 'A',
      quality: 5,
      reviewerIds: reviewers.map((reviewer) => reviewer.userId),
      helpfulReviewerIds: [reviewers[1].userId],
      acceptedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) as unknown,
      source: 'portal',
    });
    const events = await taskEvents(taskId);
    expect(events.map((event) => event.type)).toEqual([
      'TaskPosted',
      'TaskClaimed',
      'TaskSubmitted',
      'TaskReviewed',
      'TaskReviewed',
      'TaskAccepted',
    ]);
    expect(events[5].event_id).toBe(derivedId('task-accepted', taskId));

    await app.waitForProjections();
    const venture = json(
      await api().get(`/api/v1/ventures/${ventureId}`).set(assignee.auth).expect(200),
      ventureWithTasksSchema,
    );
    expect(venture).toMatchObject({
      ventureId,
      ownerId: owner.userId,
      openTasks: 0,
      doneTasks: 1,
      tasks: [{ taskId, status: 'ACCEPTED', severity: 'high', reviewCount: 2 }],
    });
    const task = json(await api().get(`/api/v1/tasks/${taskId}`).set(owner.auth).expect(200), taskSchema);
    expect(task).toMatchObject({
      status: 'ACCEPTED',
      assigneeId: assignee.userId,
      acceptedAt: accepted.acceptedAt,
      round: 1,
    });
    expect(task.reviews).toEqual([
      expect.objectContaining({
        reviewerId: reviewers[0].userId,
        quality: 4,
        verdict: 'APPROVE',
        comment: 'Clean',
        round: 1,
      }),
      expect.objectContaining({
        reviewerId: reviewers[1].userId,
        quality: 5,
        verdict: 'APPROVE',
        comment: null,
        round: 1,
      }),
    ]);
    expect(json(await api().get('/api/v1/ventures').set(assignee.auth).expect(200), venturesSchema)).toContainEqual(
      expect.objectContaining({ ventureId, doneTasks: 1 }),
    );
  });

  it('refuses the wrong actor with 403 and the wrong moment with 409, writing nothing', async () => {
    const { ventureId, taskId } = await postedTask(app, owner);
    const before = (await taskEvents(taskId)).length;
    expect(
      errorOf(
        await api()
          .post(`/api/v1/ventures/${ventureId}/tasks`)
          .set(assignee.auth)
          .send({ title: 'Mine now', tier: 'C', kind: 'ops' })
          .expect(403),
      ).error,
    ).toBe('NOT_VENTURE_OWNER');
    expect(errorOf(await api().post(`/api/v1/tasks/${taskId}/claim`).set(owner.auth).expect(403)).error).toBe(
      'OWNER_CANNOT_CLAIM',
    );
    expect(errorOf(await api().post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).expect(409)).error).toBe(
      'TASK_WRONG_STATUS',
    );
    expect((await taskEvents(taskId)).length).toBe(before);

    await api().post(`/api/v1/tasks/${taskId}/claim`).set(assignee.auth).expect(200);
    expect(errorOf(await api().post(`/api/v1/tasks/${taskId}/submit`).set(reviewers[0].auth).expect(403)).error).toBe(
      'NOT_ASSIGNEE',
    );
    await api().post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).expect(200);
    const early = await api().post(`/api/v1/tasks/${taskId}/accept`).set(owner.auth).expect(409);
    expect(errorOf(early)).toMatchObject({
      error: 'NO_APPROVING_REVIEW',
      message: expect.stringContaining('approved') as unknown,
    });
    expect(
      errorOf(
        await api()
          .post(`/api/v1/tasks/${taskId}/reviews`)
          .set(assignee.auth)
          .send({ quality: 5, verdict: 'APPROVE' })
          .expect(403),
      ).error,
    ).toBe('OWN_TASK_REVIEW');
    expect(
      errorOf(
        await api()
          .post(`/api/v1/tasks/${taskId}/reviews`)
          .set(owner.auth)
          .send({ quality: 5, verdict: 'APPROVE' })
          .expect(403),
      ).error,
    ).toBe('OWNER_CANNOT_REVIEW');
    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewers[0].auth)
      .send({ quality: 3, verdict: 'APPROVE' })
      .expect(201);
    expect(
      errorOf(
        await api()
          .post(`/api/v1/tasks/${taskId}/reviews`)
          .set(reviewers[0].auth)
          .send({ quality: 5, verdict: 'APPROVE' })
          .expect(409),
      ).error,
    ).toBe('ALREADY_REVIEWED');
    expect(errorOf(await api().post(`/api/v1/tasks/${taskId}/accept`).set(reviewers[0].auth).expect(403)).error).toBe(
      'NOT_VENTURE_OWNER',
    );
    expect(
      errorOf(
        await api()
          .post(`/api/v1/tasks/${taskId}/accept`)
          .set(owner.auth)
          .send({ helpfulReviewerIds: [assignee.userId] })
          .expect(400),
      ).error,
    ).toBe('NOT_A_REVIEWER');
    expect((await taskEvents(taskId)).map((event) => event.type)).toEqual([
      'TaskPosted',
      'TaskClaimed',
      'TaskSubmitted',
      'TaskReviewed',
    ]);
  });

  it('sends a task back on REQUEST_CHANGES, takes a resubmission and a fresh review round', async () => {
    const { taskId } = await postedTask(app, owner);
    await api().post(`/api/v1/tasks/${taskId}/claim`).set(assignee.auth).expect(200);
    await api().post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).expect(200);
    const sentBack = await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewers[0].auth)
      .send({ quality: 2, verdict: 'REQUEST_CHANGES', comment: 'Tests are missing' })
      .expect(201);
    expect(json(sentBack, taskStepSchema)).toEqual({ taskId, status: 'CLAIMED' });
    await api().post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).send({ note: 'Added tests' }).expect(200);
    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewers[0].auth)
      .send({ quality: 4, verdict: 'APPROVE' })
      .expect(201);
    expect(
      json(await api().post(`/api/v1/tasks/${taskId}/accept`).set(owner.auth).expect(200), taskAcceptanceSchema),
    ).toMatchObject({
      quality: 4,
      reviewerIds: [reviewers[0].userId],
    });
  });

  it('accepts once when 20 accepts race: every caller gets 200 with the same acceptance', async () => {
    const { taskId } = await approvedTask();
    const accepts = Array.from({ length: 20 }, (_, index) =>
      api()
        .post(`/api/v1/tasks/${taskId}/accept`)
        .set(owner.auth)
        .send({ helpfulReviewerIds: index % 2 ? [reviewers[0].userId] : [] }),
    );
    const responses = await Promise.all(accepts);
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const acceptances = (await taskEvents(taskId)).filter((event) => event.type === 'TaskAccepted');
    expect(acceptances).toHaveLength(1);
    const answers = responses.map((response) => json(response, taskAcceptanceSchema));
    expect(answers).toEqual(Array<unknown>(20).fill(acceptances[0].data));
    expect(answers[0]).toMatchObject({ quality: 5, source: 'portal' });
    const later = await api().post(`/api/v1/tasks/${taskId}/accept`).set(owner.auth).send({}).expect(200);
    expect(json(later, taskAcceptanceSchema)).toEqual(answers[0]);
    expect(errorOf(await api().post(`/api/v1/tasks/${taskId}/accept`).set(reviewers[0].auth).expect(403)).error).toBe(
      'NOT_VENTURE_OWNER',
    );
  });

  it('creates one venture and one task per Idempotency-Key, and refuses the key for another body', async () => {
    const create = (name: string) =>
      api().post('/api/v1/ventures').set(owner.auth).set('Idempotency-Key', 'venture-key-0001').send({ name });
    const results = await Promise.all(Array.from({ length: 10 }, () => create('Wind Co-op')));
    expect(new Set(results.map((result) => `${result.status} ${JSON.stringify(result.body)}`)).size).toBe(1);
    expect(results[0].status).toBe(201);
    const { ventureId } = json(results[0], ventureCreatedSchema);
    expect(errorOf(await create('Another name').expect(409)).error).toBe('IDEMPOTENCY_KEY_REUSED');
    const post = () =>
      api()
        .post(`/api/v1/ventures/${ventureId}/tasks`)
        .set(owner.auth)
        .set('Idempotency-Key', 'task-key-0001')
        .send({ title: 'Site survey', tier: 'C', kind: 'ops' });
    const first = json(await post().expect(201), taskPostedSchema);
    const second = json(await post().expect(201), taskPostedSchema);
    expect(second).toEqual(first);
    expect((await taskEvents(first.taskId)).map((event) => event.type)).toEqual(['TaskPosted']);
  });

  const malformed = (ids: { ventureId: string; taskId: string }): [string, string, string | object, string][] => [
    ['/api/v1/ventures', 'an empty name', { name: '  ' }, 'name must be 2–120 characters'],
    ['/api/v1/ventures', 'an unknown field', { name: 'Fine', ownerId: owner.userId }, 'ownerId'],
    ['/api/v1/ventures', 'broken JSON', '{"name": ', ''],
    [
      `/api/v1/ventures/${ids.ventureId}/tasks`,
      'an unknown tier',
      { title: 'Paint', tier: 'Z', kind: 'design' },
      'tier must be one of: S, A, B, C',
    ],
    [
      `/api/v1/ventures/${ids.ventureId}/tasks`,
      'a bug without severity',
      { title: 'Crash on login', tier: 'A', kind: 'bug' },
      'severity is required for a bug',
    ],
    [
      `/api/v1/ventures/${ids.ventureId}/tasks`,
      'a feature with a severity',
      { title: 'Dark mode', tier: 'B', kind: 'feature', severity: 'low' },
      'severity is only for bugs',
    ],
    [`/api/v1/ventures/${ids.ventureId}/tasks`, 'a JSON array', [], ''],
    [`/api/v1/tasks/${ids.taskId}/claim`, 'a body with fields', { assigneeId: owner.userId }, 'assigneeId'],
    [`/api/v1/tasks/${ids.taskId}/submit`, 'a note that is not text', { note: 5 }, 'note must be a string'],
    [`/api/v1/tasks/${ids.taskId}/reviews`, 'quality 6', { quality: 6, verdict: 'APPROVE' }, 'quality must be 1–5'],
    [
      `/api/v1/tasks/${ids.taskId}/reviews`,
      'a fractional quality',
      { quality: 4.5, verdict: 'APPROVE' },
      'quality must be a whole number',
    ],
    [
      `/api/v1/tasks/${ids.taskId}/reviews`,
      'an unknown verdict',
      { quality: 3, verdict: 'MAYBE' },
      'verdict must be one of: APPROVE, REQUEST_CHANGES',
    ],
    [
      `/api/v1/tasks/${ids.taskId}/accept`,
      'helpful reviewers that are not ids',
      { helpfulReviewerIds: ['bob'] },
      'helpfulReviewerIds must hold user ids',
    ],
    ['/api/v1/tasks/not-a-uuid/claim', 'a task id that is not a UUID', {}, 'taskId must be a UUID'],
    [
      '/api/v1/ventures/42/tasks',
      'a venture id that is not a UUID',
      { title: 'Paint', tier: 'C', kind: 'design' },
      'ventureId must be a UUID',
    ],
  ];

  it('answers malformed bodies and ids with a clear 400 and writes nothing', async () => {
    const ids = await postedTask(app, owner);
    const before = await eventCount(app);
    for (const [path, what, body, message] of malformed(ids)) {
      const response = await request(app.baseUrl)
        .post(path)
        .set(owner.auth)
        .set('content-type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
      expect({ what, status: response.status }).toEqual({ what, status: 400 });
      expect(errorOf(response).message).toContain(message);
    }
    expect(await eventCount(app)).toBe(before);
  });

  it('answers unknown ventures and tasks with 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000404';
    expect(errorOf(await api().get(`/api/v1/ventures/${unknown}`).set(owner.auth).expect(404)).error).toBe(
      'VENTURE_NOT_FOUND',
    );
    expect(errorOf(await api().get(`/api/v1/tasks/${unknown}`).set(owner.auth).expect(404)).error).toBe(
      'TASK_NOT_FOUND',
    );
    expect(
      errorOf(
        await api()
          .post(`/api/v1/ventures/${unknown}/tasks`)
          .set(owner.auth)
          .send({ title: 'Nowhere', tier: 'C', kind: 'ops' })
          .expect(404),
      ).error,
    ).toBe('VENTURE_NOT_FOUND');
    expect(errorOf(await api().post(`/api/v1/tasks/${unknown}/claim`).set(assignee.auth).expect(404)).error).toBe(
      'TASK_NOT_FOUND',
    );
    expect(errorOf(await api().post(`/api/v1/tasks/${unknown}/accept`).set(owner.auth).expect(404)).error).toBe(
      'TASK_NOT_FOUND',
    );
  });
});
