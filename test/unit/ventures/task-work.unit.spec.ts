import { describe, expect, it } from 'vitest';
import { claimTask, reviewTask, submitTask } from '../../../src/ventures/domain/task.decide';
import { initialVentureState } from '../../../src/ventures/domain/venture.state';
import { ASSIGNEE, OWNER, REVIEWER_1, REVIEWER_2, TASK_ID, aVenture, claimed, given, posted, review, reviewed, submitted } from '../../support/ventures';

const refusal = (httpStatus: number, code: string) => expect.objectContaining({ httpStatus, code });

describe('claiming a task', () => {
  it('given an OPEN task, when a member claims it, then they are its assignee', () => {
    expect(claimTask(given(posted()), aVenture(), TASK_ID, ASSIGNEE)).toEqual([{ type: 'TaskClaimed', data: { assigneeId: ASSIGNEE } }]);
  });

  it('given an OPEN task, when the owner claims it, then 403 OWNER_CANNOT_CLAIM', () => {
    expect(() => claimTask(given(posted()), aVenture(), TASK_ID, OWNER)).toThrow(refusal(403, 'OWNER_CANNOT_CLAIM'));
  });

  it('given a CLAIMED task, when another member claims it, then 409 TASK_WRONG_STATUS', () => {
    expect(() => claimTask(given(posted(), claimed()), aVenture(), TASK_ID, REVIEWER_1)).toThrow(refusal(409, 'TASK_WRONG_STATUS'));
  });

  it('given no task, when it is claimed, then 404 TASK_NOT_FOUND', () => {
    expect(() => claimTask(given(), initialVentureState, TASK_ID, ASSIGNEE)).toThrow(refusal(404, 'TASK_NOT_FOUND'));
  });
});

describe('submitting work', () => {
  it('given a CLAIMED task, when the assignee submits, then TaskSubmitted with the note', () => {
    expect(submitTask(given(posted(), claimed()), TASK_ID, ASSIGNEE, 'see PR 12')).toEqual([{ type: 'TaskSubmitted', data: { note: 'see PR 12' } }]);
  });

  it('given a CLAIMED task, when someone else submits, then 403 NOT_ASSIGNEE', () => {
    expect(() => submitTask(given(posted(), claimed()), TASK_ID, REVIEWER_1, null)).toThrow(refusal(403, 'NOT_ASSIGNEE'));
  });

  it.each([
    ['OPEN', given(posted())],
    ['SUBMITTED', given(posted(), claimed(), submitted())],
  ])('given a %s task, when the assignee submits, then 409', (_, state) => {
    expect(() => submitTask(state, TASK_ID, ASSIGNEE, null)).toThrow(refusal(409, 'TASK_WRONG_STATUS'));
  });
});

describe('reviewing a submission', () => {
  const waiting = given(posted(), claimed(), submitted());

  it('given a SUBMITTED task, when a member reviews it, then TaskReviewed', () => {
    expect(reviewTask(waiting, aVenture(), TASK_ID, review(REVIEWER_1, 4))).toEqual([reviewed(REVIEWER_1, 4)]);
  });

  it('given a SUBMITTED task, when its assignee reviews it, then 403 OWN_TASK_REVIEW', () => {
    expect(() => reviewTask(waiting, aVenture(), TASK_ID, review(ASSIGNEE, 5))).toThrow(refusal(403, 'OWN_TASK_REVIEW'));
  });

  it('given a SUBMITTED task, when the owner reviews it, then 403 OWNER_CANNOT_REVIEW', () => {
    expect(() => reviewTask(waiting, aVenture(), TASK_ID, review(OWNER, 5))).toThrow(refusal(403, 'OWNER_CANNOT_REVIEW'));
  });

  it('given a reviewer reviewed this submission, when they review again, then 409 ALREADY_REVIEWED', () => {
    const state = given(posted(), claimed(), submitted(), reviewed(REVIEWER_1, 3));
    expect(() => reviewTask(state, aVenture(), TASK_ID, review(REVIEWER_1, 5))).toThrow(refusal(409, 'ALREADY_REVIEWED'));
  });

  it('given a CLAIMED task, when a member reviews it, then 409', () => {
    expect(() => reviewTask(given(posted(), claimed()), aVenture(), TASK_ID, review(REVIEWER_1, 3))).toThrow(refusal(409, 'TASK_WRONG_STATUS'));
  });

  it('given changes were requested, then the assignee resubmits and the same reviewer judges the new round', () => {
    const sentBack = given(posted(), claimed(), submitted(), reviewed(REVIEWER_1, 2, 'REQUEST_CHANGES'));
    expect(sentBack.status).toBe('CLAIMED');
    expect(() => reviewTask(sentBack, aVenture(), TASK_ID, review(REVIEWER_2, 4))).toThrow(refusal(409, 'TASK_WRONG_STATUS'));
    const resubmitted = given(posted(), claimed(), submitted(), reviewed(REVIEWER_1, 2, 'REQUEST_CHANGES'), ...submitTask(sentBack, TASK_ID, ASSIGNEE, 'fixed'));
    expect(resubmitted).toMatchObject({ status: 'SUBMITTED', round: 2 });
    expect(reviewTask(resubmitted, aVenture(), TASK_ID, review(REVIEWER_1, 4))).toEqual([reviewed(REVIEWER_1, 4)]);
  });
});
