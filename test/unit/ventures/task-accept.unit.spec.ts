import { describe, expect, it } from 'vitest';
import { roundedMean, type IntegrationAcceptance } from '../../../src/ventures/domain/task.decide';
import type { TaskAcceptedData } from '../../../src/ventures/domain/task-accepted.events';
import type { TaskEvent } from '../../../src/ventures/domain/task.events';
import {
  ASSIGNEE,
  OWNER,
  REVIEWER_1,
  REVIEWER_2,
  TASK_ID,
  VENTURE_ID,
  aVenture,
  claimed,
  posted,
  reviewed,
  submitted,
  taskSpec,
} from '../../support/ventures';

const AT = '2026-11-24T10:00:00.000Z';
const accept = (helpfulReviewerIds: string[] = [], actorId = OWNER) =>
  ({ type: 'AcceptTask', taskId: TASK_ID, venture: aVenture(), actorId, helpfulReviewerIds, acceptedAt: AT }) as const;
const approvedBy = (...reviews: TaskEvent[]): TaskEvent[] => [posted(), claimed(), submitted(), ...reviews];
const acceptance = (overrides: Partial<TaskAcceptedData> = {}): TaskAcceptedData => ({
  taskId: TASK_ID,
  ventureId: VENTURE_ID,
  assigneeId: ASSIGNEE,
  tier: 'A',
  quality: 4,
  reviewerIds: [REVIEWER_1],
  helpfulReviewerIds: [],
  acceptedAt: AT,
  source: 'portal',
  ...overrides,
});

describe('accepting a task', () => {
  it('given an approved submission, when the owner accepts, then the acceptance the earning loop needs', () => {
    taskSpec
      .given(...approvedBy(reviewed(REVIEWER_1, 4), reviewed(REVIEWER_2, 5)))
      .when(accept([REVIEWER_2]))
      .then({
        type: 'TaskAccepted',
        data: acceptance({ quality: 5, reviewerIds: [REVIEWER_1, REVIEWER_2], helpfulReviewerIds: [REVIEWER_2] }),
      });
  });

  it('given approvals and a request for changes in one round, when accepted, then 409: that round is void', () => {
    taskSpec
      .given(...approvedBy(reviewed(REVIEWER_1, 4), reviewed(REVIEWER_2, 1, 'REQUEST_CHANGES')))
      .when(accept())
      .thenThrows({ httpStatus: 409, code: 'TASK_WRONG_STATUS' });
  });

  it('given a resubmission, then quality counts only its approvals, and reviewers of every round are listed', () => {
    taskSpec
      .given(
        posted(),
        claimed(),
        submitted(),
        reviewed(REVIEWER_1, 1, 'REQUEST_CHANGES'),
        submitted(),
        reviewed(REVIEWER_2, 3),
      )
      .when(accept([REVIEWER_1, REVIEWER_1]))
      .then({
        type: 'TaskAccepted',
        data: acceptance({ quality: 3, reviewerIds: [REVIEWER_1, REVIEWER_2], helpfulReviewerIds: [REVIEWER_1] }),
      });
  });

  it('given a submission without reviews, when the owner accepts, then 409 NO_APPROVING_REVIEW', () => {
    taskSpec
      .given(...approvedBy())
      .when(accept())
      .thenThrows({ httpStatus: 409, code: 'NO_APPROVING_REVIEW' });
  });

  it('given a CLAIMED task, when the owner accepts, then 409 TASK_WRONG_STATUS', () => {
    taskSpec.given(posted(), claimed()).when(accept()).thenThrows({ httpStatus: 409, code: 'TASK_WRONG_STATUS' });
  });

  it('given an approved submission, when someone else accepts, then 403 NOT_VENTURE_OWNER', () => {
    taskSpec
      .given(...approvedBy(reviewed(REVIEWER_1, 4)))
      .when(accept([], REVIEWER_1))
      .thenThrows({ httpStatus: 403, code: 'NOT_VENTURE_OWNER' });
  });

  it('given an approved submission, when a non-reviewer is marked helpful, then 400 NOT_A_REVIEWER', () => {
    taskSpec
      .given(...approvedBy(reviewed(REVIEWER_1, 4)))
      .when(accept([ASSIGNEE]))
      .thenThrows({ httpStatus: 400, code: 'NOT_A_REVIEWER' });
  });

  it('given the task was accepted (by either path), when the owner accepts again, then nothing new; anyone else is still refused', () => {
    const recorded: TaskEvent = {
      type: 'TaskAccepted',
      data: acceptance({ source: 'integration', acceptedAt: '2026-11-23T09:00:00.000Z' }),
    };
    taskSpec
      .given(...approvedBy(reviewed(REVIEWER_1, 4)), recorded)
      .when(accept([REVIEWER_1]))
      .thenNothingHappened();
    taskSpec
      .given(...approvedBy(reviewed(REVIEWER_1, 4)), recorded)
      .when(accept([], ASSIGNEE))
      .thenThrows({ httpStatus: 403, code: 'NOT_VENTURE_OWNER' });
  });

  it("given only an integration's acceptance, the venture's owner gets it and anyone else is refused", () => {
    const recorded: TaskEvent = { type: 'TaskAccepted', data: acceptance({ source: 'integration' }) };
    taskSpec.given(recorded).when(accept()).thenNothingHappened();
    taskSpec.given(recorded).when(accept([], REVIEWER_1)).thenThrows({ httpStatus: 403, code: 'NOT_VENTURE_OWNER' });
  });

  it('given no task, when it is accepted, then 404 TASK_NOT_FOUND', () => {
    taskSpec.given().when(accept()).thenThrows({ httpStatus: 404, code: 'TASK_NOT_FOUND' });
  });
});

describe("recording an integration's acceptance", () => {
  const reported: IntegrationAcceptance = {
    taskId: 'ext-1',
    ventureId: VENTURE_ID,
    assigneeId: ASSIGNEE,
    tier: 'B',
    quality: 3,
    reviewerIds: [REVIEWER_1],
    acceptedAt: '2026-11-24T09:15:00Z',
  };

  it('records it as reported, on a stream with nothing else, with no helpful reviewers and acceptedAt in UTC', () => {
    taskSpec
      .given()
      .when({ type: 'RecordIntegrationAcceptance', acceptance: reported })
      .then({
        type: 'TaskAccepted',
        data: { ...reported, acceptedAt: '2026-11-24T09:15:00.000Z', helpfulReviewerIds: [], source: 'integration' },
      });
  });

  it('writes nothing for a task accepted already', () => {
    taskSpec
      .given({ type: 'TaskAccepted', data: acceptance() })
      .when({ type: 'RecordIntegrationAcceptance', acceptance: reported })
      .thenNothingHappened();
  });

  it('keeps the invariant: a task is accepted once', () => {
    taskSpec
      .given({ type: 'TaskAccepted', data: acceptance() }, { type: 'TaskAccepted', data: acceptance() })
      .thenViolates('a task is accepted once');
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
