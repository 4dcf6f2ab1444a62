import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { decideTask } from '../../src/ventures/domain/task.decide';
import type { TaskEvent, TaskPostedData, TaskReviewedData } from '../../src/ventures/domain/task.events';
import { taskDecider } from '../../src/ventures/domain/task.state';
import { taskPostedSchema, ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';
import { decideVenture } from '../../src/ventures/domain/venture.decide';
import {
  evolveVenture,
  initialVentureState,
  ventureDecider,
  type VentureState,
} from '../../src/ventures/domain/venture.state';
import { deciderSpec } from './decider-spec';
import type { TestUser } from './identity';
import { json } from './json';
import type { TestApp } from './test-app';

/** Histories and states for the venture and task deciders' specs. */
export const taskSpec = deciderSpec({ ...taskDecider, decide: decideTask });
export const ventureSpec = deciderSpec({ ...ventureDecider, decide: decideVenture });

export const OWNER = '00000000-0000-4000-8000-00000000000a';
export const ASSIGNEE = '00000000-0000-4000-8000-00000000000b';
export const REVIEWER_1 = '00000000-0000-4000-8000-00000000000c';
export const REVIEWER_2 = '00000000-0000-4000-8000-00000000000d';
export const VENTURE_ID = '00000000-0000-4000-8000-0000000000f1';
export const TASK_ID = '00000000-0000-4000-8000-0000000000f2';

export const aVenture = (ownerId = OWNER): VentureState =>
  evolveVenture(initialVentureState, {
    type: 'VentureCreated',
    data: { ventureId: VENTURE_ID, name: 'Solar Co-op', ownerId, founders: [] },
  });

export const draft = (overrides: Partial<TaskPostedData> = {}): TaskPostedData => ({
  taskId: TASK_ID,
  ventureId: VENTURE_ID,
  title: 'Fix the meter export',
  tier: 'A',
  kind: 'feature',
  severity: null,
  description: null,
  acceptanceCriteria: null,
  dueDate: null,
  skills: [],
  ...overrides,
});

export const posted = (overrides: Partial<TaskPostedData> = {}): TaskEvent => ({
  type: 'TaskPosted',
  data: draft(overrides),
});
export const claimed = (assigneeId = ASSIGNEE): TaskEvent => ({ type: 'TaskClaimed', data: { assigneeId } });
export const submitted = (note: string | null = null): TaskEvent => ({
  type: 'TaskSubmitted',
  data: { note, links: [] },
});
export const review = (
  reviewerId: string,
  quality: number,
  verdict: TaskReviewedData['verdict'] = 'APPROVE',
): TaskReviewedData => ({ reviewerId, quality, verdict, comment: null });
export const reviewed = (
  reviewerId: string,
  quality: number,
  verdict: TaskReviewedData['verdict'] = 'APPROVE',
): TaskEvent => ({ type: 'TaskReviewed', data: review(reviewerId, quality, verdict) });

/** Over HTTP: a fresh venture of `owner` with one posted task. */
export async function postedTask(
  app: TestApp,
  owner: TestUser,
  body: object = { title: 'Write the onboarding guide', tier: 'B', kind: 'docs' },
) {
  const api = request(app.baseUrl);
  const { ventureId } = json(
    await api
      .post('/api/v1/ventures')
      .set(owner.auth)
      .send({ name: `Venture ${randomUUID().slice(0, 8)}` })
      .expect(201),
    ventureCreatedSchema,
  );
  const { taskId } = json(
    await api.post(`/api/v1/ventures/${ventureId}/tasks`).set(owner.auth).send(body).expect(201),
    taskPostedSchema,
  );
  return { ventureId, taskId };
}
