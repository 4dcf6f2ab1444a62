import { getJson, postJson, type RequestOptions } from './http';

// The same lists the API validates against (src/ventures/http/ventures.schemas.ts).
export const TASK_TIERS = ['S', 'A', 'B', 'C'] as const;
export type TaskTier = (typeof TASK_TIERS)[number];

export const TASK_KINDS = ['feature', 'bug', 'review', 'docs', 'design', 'ops'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const BUG_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type BugSeverity = (typeof BUG_SEVERITIES)[number];

export const REVIEW_VERDICTS = ['APPROVE', 'REQUEST_CHANGES'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export type TaskStatus = 'OPEN' | 'CLAIMED' | 'SUBMITTED' | 'ACCEPTED';

export interface Venture {
  ventureId: string;
  name: string;
  ownerId: string;
  /** ISO 8601. */
  createdAt: string;
  /** Tasks not accepted yet. */
  openTasks: number;
  doneTasks: number;
}

export interface TaskSummary {
  taskId: string;
  ventureId: string;
  title: string;
  tier: TaskTier;
  kind: TaskKind;
  /** Set for bugs only. */
  severity: BugSeverity | null;
  status: TaskStatus;
  assigneeId: string | null;
  /** Submissions so far; a review judges the submission of its round. */
  round: number;
  /** ISO 8601. */
  postedAt: string;
  /** ISO 8601; null until accepted. */
  acceptedAt: string | null;
}

export interface VentureWithTasks extends Venture {
  /** Oldest first. */
  tasks: (TaskSummary & { reviewCount: number })[];
}

export interface TaskReview {
  reviewerId: string;
  /** 1–5. */
  quality: number;
  verdict: ReviewVerdict;
  comment: string | null;
  /** The submission it judged. Only reviews of the current round count towards acceptance. */
  round: number;
  /** ISO 8601. */
  reviewedAt: string;
}

export interface Task extends TaskSummary {
  /** Every round's reviews, oldest first. */
  reviews: TaskReview[];
}

export interface TaskDraft {
  title: string;
  tier: TaskTier;
  kind: TaskKind;
  /** Required for bugs, and only for bugs. */
  severity?: BugSeverity;
}

/** The status a task step left the task in. */
export interface TaskStep {
  taskId: string;
  status: TaskStatus;
}

export interface TaskAcceptance {
  taskId: string;
  ventureId: string;
  assigneeId: string;
  tier: TaskTier;
  /** The rounded mean of the approving reviews of the accepted submission. */
  quality: number;
  reviewerIds: string[];
  helpfulReviewerIds: string[];
  /** ISO 8601. */
  acceptedAt: string;
  source: 'portal' | 'integration';
}

// Ventures and tasks are read models: a write shows up in them ~100 ms after it returns.

export function listVentures(options?: RequestOptions): Promise<Venture[]> {
  return getJson('/api/v1/ventures', options);
}

export function getVenture(ventureId: string, options?: RequestOptions): Promise<VentureWithTasks> {
  return getJson(`/api/v1/ventures/${encodeURIComponent(ventureId)}`, options);
}

/** The caller founds the venture and owns it. */
export function createVenture(name: string): Promise<{ ventureId: string }> {
  return postJson('/api/v1/ventures', { name });
}

/** Owner only (403 NOT_VENTURE_OWNER otherwise). */
export function postTask(ventureId: string, draft: TaskDraft): Promise<{ taskId: string }> {
  return postJson(`/api/v1/ventures/${encodeURIComponent(ventureId)}/tasks`, draft);
}

export function getTask(taskId: string, options?: RequestOptions): Promise<Task> {
  return getJson(`/api/v1/tasks/${encodeURIComponent(taskId)}`, options);
}

/** Any member but the venture's owner, while the task is OPEN. */
export function claimTask(taskId: string): Promise<TaskStep> {
  return postJson(`/api/v1/tasks/${encodeURIComponent(taskId)}/claim`, {});
}

/** The assignee, while the task is CLAIMED. */
export function submitTask(taskId: string, note?: string): Promise<TaskStep> {
  return postJson(`/api/v1/tasks/${encodeURIComponent(taskId)}/submit`, note ? { note } : {});
}

/** Anyone but the assignee and the owner, once per submission. REQUEST_CHANGES hands the task back. */
export function reviewTask(taskId: string, review: { quality: number; verdict: ReviewVerdict; comment?: string }): Promise<TaskStep> {
  return postJson(`/api/v1/tasks/${encodeURIComponent(taskId)}/reviews`, review);
}

/** Owner only, after at least one approving review; accepting again returns the first acceptance. */
export function acceptTask(taskId: string, helpfulReviewerIds: string[]): Promise<TaskAcceptance> {
  return postJson(`/api/v1/tasks/${encodeURIComponent(taskId)}/accept`, { helpfulReviewerIds });
}
