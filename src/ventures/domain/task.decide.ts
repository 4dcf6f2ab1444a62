import { DomainError } from '../../shared-kernel/domain-error';
import type { TaskAcceptedData } from './task-accepted.events';
import { TaskActorError, TaskNotFoundError, TaskStatusError } from './task.errors';
import type { TaskEvent, TaskPostedData, TaskReviewedData, TaskStatus } from './task.events';
import { currentReviews, reviewerIdsOf, type TaskState } from './task.state';
import { requireVenture, requireVentureOwner } from './venture.decide';
import type { VentureState } from './venture.state';

/** Pure decisions on `task-<taskId>`, given the task's venture. Each returns the events to append. */

export function postTask(state: TaskState, venture: VentureState, task: TaskPostedData, actorId: string): TaskEvent[] {
  requireVentureOwner(venture, task.ventureId, actorId, 'post tasks');
  if (state.task || state.accepted) throw new DomainError('TASK_EXISTS', `Task ${task.taskId} already exists`, { taskId: task.taskId });
  if ((task.kind === 'bug') !== (task.severity !== null)) {
    throw new DomainError('SEVERITY_MISMATCH', 'A bug needs a severity, and only bugs have one', { kind: task.kind, severity: task.severity });
  }
  return [{ type: 'TaskPosted', data: task }];
}

export function claimTask(state: TaskState, venture: VentureState, taskId: string, actorId: string): TaskEvent[] {
  const task = requireTask(state, taskId);
  if (requireVenture(venture, task.ventureId).ownerId === actorId) {
    throw new TaskActorError('OWNER_CANNOT_CLAIM', "The venture's owner cannot claim its tasks", taskId);
  }
  requireStatus(state, taskId, 'OPEN');
  return [{ type: 'TaskClaimed', data: { assigneeId: actorId } }];
}

export function submitTask(state: TaskState, taskId: string, actorId: string, note: string | null): TaskEvent[] {
  requireTask(state, taskId);
  const inProgress = state.status === 'CLAIMED' || state.status === 'SUBMITTED';
  if (inProgress && state.assigneeId !== actorId) throw new TaskActorError('NOT_ASSIGNEE', 'Only the assignee submits the work', taskId);
  requireStatus(state, taskId, 'CLAIMED');
  return [{ type: 'TaskSubmitted', data: { note } }];
}

export function reviewTask(state: TaskState, venture: VentureState, taskId: string, review: TaskReviewedData): TaskEvent[] {
  const task = requireTask(state, taskId);
  if (review.reviewerId === state.assigneeId) throw new TaskActorError('OWN_TASK_REVIEW', 'Nobody reviews their own work', taskId);
  if (requireVenture(venture, task.ventureId).ownerId === review.reviewerId) {
    throw new TaskActorError('OWNER_CANNOT_REVIEW', "The venture's owner accepts the work and so does not review it", taskId);
  }
  requireStatus(state, taskId, 'SUBMITTED');
  if (currentReviews(state).some((existing) => existing.reviewerId === review.reviewerId)) {
    throw new DomainError('ALREADY_REVIEWED', 'You already reviewed this submission; wait for the next one', { taskId, round: state.round });
  }
  return [{ type: 'TaskReviewed', data: review }];
}

export interface AcceptanceRequest {
  actorId: string;
  helpfulReviewerIds: readonly string[];
  /** ISO-8601 UTC, from the handler's clock. */
  acceptedAt: string;
}

/**
 * The acceptance a request by the owner results in: the recorded one when the task was accepted
 * already (by either path), otherwise a new one. Quality is the mean of this submission's
 * approvals, rounded half up.
 */
export function acceptTask(state: TaskState, venture: VentureState, taskId: string, request: AcceptanceRequest): TaskAcceptedData {
  const task = requireTask(state, taskId);
  requireVentureOwner(venture, task.ventureId, request.actorId, 'accept its tasks');
  if (state.accepted) return state.accepted;
  requireStatus(state, taskId, 'SUBMITTED');
  const approvals = currentReviews(state).filter((review) => review.verdict === 'APPROVE');
  if (approvals.length === 0) throw new DomainError('NO_APPROVING_REVIEW', 'A task is accepted only after at least one reviewer approved this submission', { taskId });
  const reviewerIds = reviewerIdsOf(state);
  const strangers = request.helpfulReviewerIds.filter((id) => !reviewerIds.includes(id));
  if (strangers.length > 0) throw new DomainError('NOT_A_REVIEWER', 'helpfulReviewerIds may only name reviewers of this task', { taskId, strangers });
  return {
    taskId,
    ventureId: task.ventureId,
    assigneeId: state.assigneeId as string,
    tier: task.tier,
    quality: roundedMean(approvals.map((review) => review.quality)),
    reviewerIds,
    helpfulReviewerIds: reviewerIds.filter((id) => request.helpfulReviewerIds.includes(id)),
    acceptedAt: request.acceptedAt,
    source: 'portal',
  };
}

/** Integer mean, half rounded up, without floating point: floor((2·sum + n) / 2n). */
export function roundedMean(values: readonly number[]): number {
  const sum = values.reduce((total, value) => total + value, 0);
  return Math.floor((2 * sum + values.length) / (2 * values.length));
}

function requireTask(state: TaskState, taskId: string): TaskPostedData {
  if (!state.task) throw new TaskNotFoundError(taskId);
  return state.task;
}

function requireStatus(state: TaskState, taskId: string, needed: TaskStatus): void {
  if (state.status !== needed) throw new TaskStatusError(taskId, state.status, needed);
}
