import { assertNever } from '../../shared-kernel/assert-never';
import { DomainError } from '../../shared-kernel/domain-error';
import type { TaskAcceptedData } from './task-accepted.events';
import { TaskActorError, TaskNotFoundError, TaskStatusError } from './task.errors';
import type { TaskEvent, TaskPostedData, TaskReviewedData, TaskStatus, TaskSubmittedData } from './task.events';
import { currentReviews, reviewerIdsOf, type TaskState } from './task.state';
import { requireVenture, requireVentureOwner } from './venture.decide';
import type { VentureState } from './venture.state';

/** An integration's acceptance as it reported it (already validated at the HTTP boundary). */
export type IntegrationAcceptance = Pick<
  TaskAcceptedData,
  'taskId' | 'ventureId' | 'assigneeId' | 'tier' | 'quality' | 'reviewerIds' | 'acceptedAt'
>;

/**
 * Commands on `task-<taskId>`. A task decision also sees its venture (the owner is fixed at
 * creation), read by the handler and carried on the command.
 */
export type TaskCommand =
  | {
      type: 'PostTask';
      task: TaskPostedData;
      actorId: string;
      venture: VentureState;
      /** The slugs in the people context's skill catalog, as the log has it when the task is posted. */
      skillCatalog: ReadonlySet<string>;
    }
  | { type: 'ClaimTask'; taskId: string; actorId: string; venture: VentureState }
  | ({ type: 'SubmitTask'; taskId: string; actorId: string } & SubmissionDraft)
  | { type: 'ReviewTask'; taskId: string; review: TaskReviewedData; venture: VentureState }
  | ({ type: 'AcceptTask'; taskId: string; venture: VentureState } & AcceptanceRequest)
  | { type: 'RecordIntegrationAcceptance'; acceptance: IntegrationAcceptance };

type PostTaskCommand = Extract<TaskCommand, { type: 'PostTask' }>;

/** What the assignee hands in; links may be left out. */
export interface SubmissionDraft {
  note: string | null;
  links?: readonly string[];
}

/** Pure decisions on `task-<taskId>`: the events to append, [] for a no-op, or a DomainError. */
export function decideTask(command: TaskCommand, state: TaskState): TaskEvent[] {
  switch (command.type) {
    case 'PostTask':
      return postTask(state, command);
    case 'ClaimTask':
      return claimTask(state, command.venture, command.taskId, command.actorId);
    case 'SubmitTask':
      return submitTask(state, command.taskId, command.actorId, {
        note: command.note,
        links: [...(command.links ?? [])],
      });
    case 'ReviewTask':
      return reviewTask(state, command.venture, command.taskId, command.review);
    case 'AcceptTask':
      return acceptTask(state, command.venture, command.taskId, command);
    case 'RecordIntegrationAcceptance':
      return recordIntegrationAcceptance(state, command.acceptance);
    default:
      return assertNever(command);
  }
}

function postTask(state: TaskState, { task, actorId, venture, skillCatalog }: PostTaskCommand): TaskEvent[] {
  requireVentureOwner(venture, task.ventureId, actorId, 'post tasks');
  if (state.task || state.accepted)
    throw new DomainError('TASK_EXISTS', `Task ${task.taskId} already exists`, { taskId: task.taskId });
  if ((task.kind === 'bug') !== (task.severity !== null)) {
    throw new DomainError('SEVERITY_MISMATCH', 'A bug needs a severity, and only bugs have one', {
      kind: task.kind,
      severity: task.severity,
    });
  }
  const unknown = task.skills.filter((slug) => !skillCatalog.has(slug));
  if (unknown.length > 0)
    throw new DomainError(
      'UNKNOWN_SKILL',
      `skills names ${unknown.join(', ')}, which the skill catalog does not have (GET /api/v1/skills)`,
      { skills: unknown },
    );
  return [{ type: 'TaskPosted', data: task }];
}

function claimTask(state: TaskState, venture: VentureState, taskId: string, actorId: string): TaskEvent[] {
  const task = requireTask(state, taskId);
  if (requireVenture(venture, task.ventureId).ownerId === actorId) {
    throw new TaskActorError('OWNER_CANNOT_CLAIM', "The venture's owner cannot claim its tasks", taskId);
  }
  requireStatus(state, taskId, 'OPEN');
  return [{ type: 'TaskClaimed', data: { assigneeId: actorId } }];
}

function submitTask(state: TaskState, taskId: string, actorId: string, submission: TaskSubmittedData): TaskEvent[] {
  requireTask(state, taskId);
  const inProgress = state.status === 'CLAIMED' || state.status === 'SUBMITTED';
  if (inProgress && state.assigneeId !== actorId)
    throw new TaskActorError('NOT_ASSIGNEE', 'Only the assignee submits the work', taskId);
  requireStatus(state, taskId, 'CLAIMED');
  return [{ type: 'TaskSubmitted', data: submission }];
}

function reviewTask(state: TaskState, venture: VentureState, taskId: string, review: TaskReviewedData): TaskEvent[] {
  const task = requireTask(state, taskId);
  if (review.reviewerId === state.assigneeId)
    throw new TaskActorError('OWN_TASK_REVIEW', 'Nobody reviews their own work', taskId);
  if (requireVenture(venture, task.ventureId).ownerId === review.reviewerId) {
    throw new TaskActorError(
      'OWNER_CANNOT_REVIEW',
      "The venture's owner accepts the work and so does not review it",
      taskId,
    );
  }
  requireStatus(state, taskId, 'SUBMITTED');
  if (currentReviews(state).some((existing) => existing.reviewerId === review.reviewerId)) {
    throw new DomainError('ALREADY_REVIEWED', 'You already reviewed this submission; wait for the next one', {
      taskId,
      round: state.round,
    });
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
 * The owner accepts: nothing new when the task was accepted already (by either path, the owner
 * then gets the recorded acceptance; nobody else does), otherwise the acceptance. Quality is the
 * mean of this submission's approvals, rounded half up.
 */
function acceptTask(state: TaskState, venture: VentureState, taskId: string, request: AcceptanceRequest): TaskEvent[] {
  if (state.accepted) {
    requireVentureOwner(venture, state.accepted.ventureId, request.actorId, 'accept its tasks');
    return [];
  }
  const task = requireTask(state, taskId);
  requireVentureOwner(venture, task.ventureId, request.actorId, 'accept its tasks');
  requireStatus(state, taskId, 'SUBMITTED');
  const approvals = currentReviews(state).filter((review) => review.verdict === 'APPROVE');
  if (approvals.length === 0)
    throw new DomainError(
      'NO_APPROVING_REVIEW',
      'A task is accepted only after at least one reviewer approved this submission',
      { taskId },
    );
  const reviewerIds = reviewerIdsOf(state);
  const strangers = request.helpfulReviewerIds.filter((id) => !reviewerIds.includes(id));
  if (strangers.length > 0)
    throw new DomainError('NOT_A_REVIEWER', 'helpfulReviewerIds may only name reviewers of this task', {
      taskId,
      strangers,
    });
  const accepted: TaskAcceptedData = {
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
  return [{ type: 'TaskAccepted', data: accepted }];
}

/**
 * An integration's word that its tool accepted the task: recorded as it says, whatever the task's
 * state on the ledger (a task of an outside tool has no other event); nothing new when the task
 * was accepted already. Nobody is marked a helpful reviewer, and acceptedAt is normalised to UTC.
 */
function recordIntegrationAcceptance(state: TaskState, acceptance: IntegrationAcceptance): TaskEvent[] {
  if (state.accepted) return [];
  return [
    {
      type: 'TaskAccepted',
      data: {
        ...acceptance,
        acceptedAt: new Date(acceptance.acceptedAt).toISOString(),
        helpfulReviewerIds: [],
        source: 'integration',
      },
    },
  ];
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
