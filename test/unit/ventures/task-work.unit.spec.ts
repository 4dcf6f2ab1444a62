import { describe, expect, it } from 'vitest';
import type { TaskEvent, TaskReviewedData } from '../../../src/ventures/domain/task.events';
import { initialVentureState } from '../../../src/ventures/domain/venture.state';
import {
  ASSIGNEE,
  OWNER,
  REVIEWER_1,
  REVIEWER_2,
  TASK_ID,
  aVenture,
  claimed,
  posted,
  review,
  reviewed,
  submitted,
  taskSpec,
} from '../../support/ventures';

const claim = (actorId: string, venture = aVenture()) =>
  ({ type: 'ClaimTask', taskId: TASK_ID, actorId, venture }) as const;
const submit = (actorId = ASSIGNEE, note: string | null = null) =>
  ({ type: 'SubmitTask', taskId: TASK_ID, actorId, note }) as const;
const reviewBy = (data: TaskReviewedData) =>
  ({ type: 'ReviewTask', taskId: TASK_ID, review: data, venture: aVenture() }) as const;
const waiting: TaskEvent[] = [posted(), claimed(), submitted()];

describe('claiming a task', () => {
  it('given an OPEN task, when a member claims it, then they are its assignee', () => {
    taskSpec
      .given(posted())
      .when(claim(ASSIGNEE))
      .then({ type: 'TaskClaimed', data: { assigneeId: ASSIGNEE } });
  });

  it('given an OPEN task, when the owner claims it, then 403 OWNER_CANNOT_CLAIM', () => {
    taskSpec.given(posted()).when(claim(OWNER)).thenThrows({ httpStatus: 403, code: 'OWNER_CANNOT_CLAIM' });
  });

  it('given a CLAIMED task, when another member claims it, then 409 TASK_WRONG_STATUS', () => {
    taskSpec
      .given(posted(), claimed())
      .when(claim(REVIEWER_1))
      .thenThrows({ httpStatus: 409, code: 'TASK_WRONG_STATUS' });
  });

  it('given no task, when it is claimed, then 404 TASK_NOT_FOUND', () => {
    taskSpec.given().when(claim(ASSIGNEE, initialVentureState)).thenThrows({ httpStatus: 404, code: 'TASK_NOT_FOUND' });
  });
});

describe('submitting work', () => {
  it('given a CLAIMED task, when the assignee submits, then TaskSubmitted with the note', () => {
    taskSpec
      .given(posted(), claimed())
      .when(submit(ASSIGNEE, 'see PR 12'))
      .then({ type: 'TaskSubmitted', data: { note: 'see PR 12', links: [] } });
  });

  it('given a CLAIMED task, when someone else submits, then 403 NOT_ASSIGNEE', () => {
    taskSpec.given(posted(), claimed()).when(submit(REVIEWER_1)).thenThrows({ httpStatus: 403, code: 'NOT_ASSIGNEE' });
  });

  it.each([
    ['OPEN', [posted()]],
    ['SUBMITTED', [posted(), claimed(), submitted()]],
  ])('given a %s task, when the assignee submits, then 409', (_, history) => {
    taskSpec
      .given(...history)
      .when(submit())
      .thenThrows({ httpStatus: 409, code: 'TASK_WRONG_STATUS' });
  });
});

describe('reviewing a submission', () => {
  it('given a SUBMITTED task, when a member reviews it, then TaskReviewed', () => {
    taskSpec
      .given(...waiting)
      .when(reviewBy(review(REVIEWER_1, 4)))
      .then(reviewed(REVIEWER_1, 4));
  });

  it('given a SUBMITTED task, when its assignee reviews it, then 403 OWN_TASK_REVIEW', () => {
    taskSpec
      .given(...waiting)
      .when(reviewBy(review(ASSIGNEE, 5)))
      .thenThrows({ httpStatus: 403, code: 'OWN_TASK_REVIEW' });
  });

  it('given a SUBMITTED task, when the owner reviews it, then 403 OWNER_CANNOT_REVIEW', () => {
    taskSpec
      .given(...waiting)
      .when(reviewBy(review(OWNER, 5)))
      .thenThrows({ httpStatus: 403, code: 'OWNER_CANNOT_REVIEW' });
  });

  it('given a reviewer reviewed this submission, when they review again, then 409 ALREADY_REVIEWED', () => {
    taskSpec
      .given(...waiting, reviewed(REVIEWER_1, 3))
      .when(reviewBy(review(REVIEWER_1, 5)))
      .thenThrows({ httpStatus: 409, code: 'ALREADY_REVIEWED' });
  });

  it('given a CLAIMED task, when a member reviews it, then 409', () => {
    taskSpec
      .given(posted(), claimed())
      .when(reviewBy(review(REVIEWER_1, 3)))
      .thenThrows({ httpStatus: 409, code: 'TASK_WRONG_STATUS' });
  });

  it('given changes were requested, then the assignee resubmits and the same reviewer judges the new round', () => {
    const sentBack = [...waiting, reviewed(REVIEWER_1, 2, 'REQUEST_CHANGES')];
    expect(taskSpec.given(...sentBack).state().status).toBe('CLAIMED');
    taskSpec
      .given(...sentBack)
      .when(reviewBy(review(REVIEWER_2, 4)))
      .thenThrows({ httpStatus: 409, code: 'TASK_WRONG_STATUS' });
    taskSpec
      .given(...sentBack)
      .when(submit(ASSIGNEE, 'fixed'))
      .then(submitted('fixed'));
    expect(taskSpec.given(...sentBack, submitted('fixed')).state()).toMatchObject({ status: 'SUBMITTED', round: 2 });
    taskSpec
      .given(...sentBack, submitted('fixed'))
      .when(reviewBy(review(REVIEWER_1, 4)))
      .then(reviewed(REVIEWER_1, 4));
  });
});

describe('the task invariants', () => {
  it('post a task once, claim it only while OPEN and submit it only while CLAIMED', () => {
    taskSpec.given(posted(), posted()).thenViolates('a task is posted once, before anything else happens to it');
    taskSpec.given(posted(), claimed(), claimed(REVIEWER_1)).thenViolates('only an OPEN task is claimed');
    taskSpec.given(posted(), submitted()).thenViolates('only a CLAIMED task is submitted');
  });

  it('take reviews only on a submission, one per reviewer and round', () => {
    taskSpec.given(posted(), claimed(), reviewed(REVIEWER_1, 4)).thenViolates('only a SUBMITTED task is reviewed');
    taskSpec
      .given(...waiting, reviewed(REVIEWER_1, 4), reviewed(REVIEWER_1, 5))
      .thenViolates('one review per reviewer and submission');
  });
});
