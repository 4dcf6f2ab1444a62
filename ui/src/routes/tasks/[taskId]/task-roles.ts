import type { Task, TaskReview } from '$lib/api/ventures';

/** What the signed-in person may do with a task, as the API's rules would decide it. */
export type TaskPart =
  | { kind: 'accepted' }
  | { kind: 'claim' }
  | { kind: 'owner-waits'; status: 'OPEN' | 'CLAIMED' }
  | { kind: 'submit' }
  | { kind: 'someone-works' }
  | { kind: 'assignee-waits' }
  | { kind: 'review' }
  | { kind: 'reviewed' }
  | { kind: 'accept' };

export function partIn(task: Task, ownerId: string, userId: string | undefined): TaskPart {
  const isOwner = userId === ownerId;
  const isAssignee = userId !== undefined && userId === task.assigneeId;
  switch (task.status) {
    case 'ACCEPTED':
      return { kind: 'accepted' };
    case 'OPEN':
      return isOwner ? { kind: 'owner-waits', status: 'OPEN' } : { kind: 'claim' };
    case 'CLAIMED':
      if (isAssignee) return { kind: 'submit' };
      return isOwner ? { kind: 'owner-waits', status: 'CLAIMED' } : { kind: 'someone-works' };
    case 'SUBMITTED':
      if (isOwner) return { kind: 'accept' };
      if (isAssignee) return { kind: 'assignee-waits' };
      return currentReviews(task).some((review) => review.reviewerId === userId)
        ? { kind: 'reviewed' }
        : { kind: 'review' };
    default:
      return assertNever(task.status);
  }
}

/** Reviews of the submission waiting now; earlier rounds no longer count towards acceptance. */
export function currentReviews(task: Task): TaskReview[] {
  return task.reviews.filter((review) => review.round === task.round);
}

/** Everyone who reviewed the task in any round, in the order they first did: the owner may mark them helpful. */
export function reviewerIds(task: Task): string[] {
  return [...new Set(task.reviews.map((review) => review.reviewerId))];
}

/** The latest review that asked for changes on the last submission, shown to the assignee while they rework it. */
export function changesRequested(task: Task): TaskReview | null {
  if (task.status !== 'CLAIMED' || task.round === 0) return null;
  return task.reviews.findLast((review) => review.round === task.round && review.verdict === 'REQUEST_CHANGES') ?? null;
}

function assertNever(value: never): never {
  throw new Error(`Unexpected task status: ${String(value)}`);
}
