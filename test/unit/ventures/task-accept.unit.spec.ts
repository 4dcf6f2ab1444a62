import { describe, expect, it } from 'vitest';
import { acceptTask, roundedMean } from '../../../src/ventures/domain/task.decide';
import type { TaskAcceptedData } from '../../../src/ventures/domain/task-accepted.events';
import { ASSIGNEE, OWNER, REVIEWER_1, REVIEWER_2, TASK_ID, VENTURE_ID, aVenture, claimed, given, posted, reviewed, submitted } from '../../support/ventures';

const AT = '2026-11-24T10:00:00.000Z';
const byOwner = (helpfulReviewerIds: string[] = []) => ({ actorId: OWNER, helpfulReviewerIds, acceptedAt: AT });
const refusal = (httpStatus: number, code: string) => expect.objectContaining({ httpStatus, code });
const approvedBy = (...reviews: ReturnType<typeof reviewed>[]) => given(posted(), claimed(), submitted(), ...reviews);

describe('accepting a task', () => {
  it('given an approved submission, when the owner accepts, then the acceptance the earning loop needs', () => {
    const state = approvedBy(reviewed(REVIEWER_1, 4), reviewed(REVIEWER_2, 5));
    expect(acceptTask(state, aVenture(), TASK_ID, byOwner([REVIEWER_2]))).toEqual({
      taskId: TASK_ID,
      ventureId: VENTURE_ID,
      assigneeId: ASSIGNEE,
      tier: 'A',
      quality: 5,
      reviewerIds: [REVIEWER_1, REVIEWER_2],
      helpfulReviewerIds: [REVIEWER_2],
      acceptedAt: AT,
      source: 'portal',
    } satisfies TaskAcceptedData);
  });

  it('given approvals and a request for changes in one round, when accepted, then 409: that round is void', () => {
    const state = approvedBy(reviewed(REVIEWER_1, 4), reviewed(REVIEWER_2, 1, 'REQUEST_CHANGES'));
    expect(() => acceptTask(state, aVenture(), TASK_ID, byOwner())).toThrow(refusal(409, 'TASK_WRONG_STATUS'));
  });

  it('given a resubmission, then quality counts only its approvals, and reviewers of every round are listed', () => {
    const state = given(posted(), claimed(), submitted(), reviewed(REVIEWER_1, 1, 'REQUEST_CHANGES'), submitted(), reviewed(REVIEWER_2, 3));
    expect(acceptTask(state, aVenture(), TASK_ID, byOwner([REVIEWER_1, REVIEWER_1]))).toMatchObject({ quality: 3, reviewerIds: [REVIEWER_1, REVIEWER_2], helpfulReviewerIds: [REVIEWER_1] });
  });

  it('given a submission without reviews, when the owner accepts, then 409 NO_APPROVING_REVIEW', () => {
    expect(() => acceptTask(approvedBy(), aVenture(), TASK_ID, byOwner())).toThrow(refusal(409, 'NO_APPROVING_REVIEW'));
  });

  it('given a CLAIMED task, when the owner accepts, then 409 TASK_WRONG_STATUS', () => {
    expect(() => acceptTask(given(posted(), claimed()), aVenture(), TASK_ID, byOwner())).toThrow(refusal(409, 'TASK_WRONG_STATUS'));
  });

  it('given an approved submission, when someone else accepts, then 403 NOT_VENTURE_OWNER', () => {
    const state = approvedBy(reviewed(REVIEWER_1, 4));
    expect(() => acceptTask(state, aVenture(), TASK_ID, { ...byOwner(), actorId: REVIEWER_1 })).toThrow(refusal(403, 'NOT_VENTURE_OWNER'));
  });

  it('given an approved submission, when a non-reviewer is marked helpful, then 400 NOT_A_REVIEWER', () => {
    expect(() => acceptTask(approvedBy(reviewed(REVIEWER_1, 4)), aVenture(), TASK_ID, byOwner([ASSIGNEE]))).toThrow(refusal(400, 'NOT_A_REVIEWER'));
  });

  it('given the task was accepted (by either path), when the owner accepts again, then the recorded acceptance', () => {
    const recorded: TaskAcceptedData = { ...acceptTask(approvedBy(reviewed(REVIEWER_1, 4)), aVenture(), TASK_ID, byOwner()), source: 'integration', acceptedAt: '2026-11-23T09:00:00.000Z' };
    const state = given(posted(), claimed(), submitted(), reviewed(REVIEWER_1, 4), { type: 'TaskAccepted', data: recorded });
    expect(acceptTask(state, aVenture(), TASK_ID, byOwner([REVIEWER_1]))).toEqual(recorded);
    expect(() => acceptTask(state, aVenture(), TASK_ID, { ...byOwner(), actorId: ASSIGNEE })).toThrow(refusal(403, 'NOT_VENTURE_OWNER'));
  });
});

describe('the quality of an acceptance', () => {
  it.each([
    [[4], 4],
    [[4, 5], 5],
    [[3, 4], 4],
    [[1, 2], 2],
    [[4, 4, 5], 4],
    [[1, 5, 5], 4],
    [[2, 3, 3, 3], 3],
    [[1, 1, 2, 2, 2, 2], 2],
  ])('the mean of %j rounded half up is %i', (qualities, expected) => {
    expect(roundedMean(qualities)).toBe(expected);
  });
});
