import { assertNever } from '../../shared-kernel/assert-never';
import { invariant } from '../../shared-kernel/invariant';
import type { Decider } from '../../shared-kernel/decider';
import type { TaskAcceptedData } from './task-accepted.events';
import type { TaskEvent, TaskPostedData, TaskReviewedData, TaskStatus } from './task.events';

export interface TaskReview extends TaskReviewedData {
  /** The submission it judged: 1 for the first submission, 2 after the first resubmission… */
  round: number;
}

export interface TaskState {
  task: TaskPostedData | null;
  status: TaskStatus | null;
  assigneeId: string | null;
  /** Submissions so far; reviews of earlier rounds no longer count towards acceptance. */
  round: number;
  reviews: TaskReview[];
  accepted: TaskAcceptedData | null;
}

export const initialTaskState: TaskState = {
  task: null,
  status: null,
  assigneeId: null,
  round: 0,
  reviews: [],
  accepted: null,
};

/**
 * Every task event fixes the status: a review happens only on a submission, and a request for
 * changes hands the task back to its assignee. The read model uses the same function.
 */
export function statusAfter(event: TaskEvent): TaskStatus {
  switch (event.type) {
    case 'TaskPosted':
      return 'OPEN';
    case 'TaskClaimed':
      return 'CLAIMED';
    case 'TaskSubmitted':
      return 'SUBMITTED';
    case 'TaskReviewed':
      return event.data.verdict === 'APPROVE' ? 'SUBMITTED' : 'CLAIMED';
    case 'TaskAccepted':
      return 'ACCEPTED';
    default:
      return assertNever(event);
  }
}

/**
 * A task is posted once and before anything but an integration's acceptance; it is claimed while
 * OPEN, submitted while CLAIMED, reviewed while SUBMITTED (once per reviewer and submission), and
 * accepted once.
 */
function assertInvariants(state: TaskState, event: TaskEvent): void {
  const details = { event: event.type, status: state.status };
  switch (event.type) {
    case 'TaskPosted':
      return invariant(
        state.task === null && state.accepted === null,
        'task',
        'a task is posted once, before anything else happens to it',
        details,
      );
    case 'TaskClaimed':
      return invariant(state.status === 'OPEN', 'task', 'only an OPEN task is claimed', details);
    case 'TaskSubmitted':
      return invariant(state.status === 'CLAIMED', 'task', 'only a CLAIMED task is submitted', details);
    case 'TaskReviewed':
      invariant(state.status === 'SUBMITTED', 'task', 'only a SUBMITTED task is reviewed', details);
      return invariant(
        !currentReviews(state).some((review) => review.reviewerId === event.data.reviewerId),
        'task',
        'one review per reviewer and submission',
        { ...details, reviewerId: event.data.reviewerId },
      );
    case 'TaskAccepted':
      return invariant(state.accepted === null, 'task', 'a task is accepted once', details);
    default:
      return assertNever(event);
  }
}

export function evolveTask(state: TaskState, event: TaskEvent): TaskState {
  assertInvariants(state, event);
  const next = { ...state, status: statusAfter(event) };
  switch (event.type) {
    case 'TaskPosted':
      return { ...next, task: event.data };
    case 'TaskClaimed':
      return { ...next, assigneeId: event.data.assigneeId };
    case 'TaskSubmitted':
      return { ...next, round: state.round + 1 };
    case 'TaskReviewed':
      return { ...next, reviews: [...state.reviews, { ...event.data, round: state.round }] };
    case 'TaskAccepted':
      return { ...next, accepted: event.data };
    default:
      return assertNever(event);
  }
}

export const taskDecider: Decider<TaskState, TaskEvent> = { initialState: initialTaskState, evolve: evolveTask };

/** Reviews of the submission that is waiting now. */
export function currentReviews(state: TaskState): TaskReview[] {
  return state.reviews.filter((review) => review.round === state.round);
}

/** Everyone who reviewed the task in any round, in the order they first did. */
export function reviewerIdsOf(state: TaskState): string[] {
  return [...new Set(state.reviews.map((review) => review.reviewerId))];
}
