import { apiGet, apiPost, everyOf, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type Venture = ResponseOf<'/api/v1/ventures', 'get'>[number];
export type VentureWithTasks = ResponseOf<'/api/v1/ventures/{ventureId}', 'get'>;
export type Task = ResponseOf<'/api/v1/tasks/{taskId}', 'get'>;
export type TaskSummary = Omit<VentureWithTasks['tasks'][number], 'reviewCount'>;
export type TaskReview = Task['reviews'][number];
export type TaskStatus = Task['status'];
export type TaskDraft = BodyOf<'/api/v1/ventures/{ventureId}/tasks', 'post'>;
/** The status a task step left the task in. */
export type TaskStep = ResponseOf<'/api/v1/tasks/{taskId}/claim', 'post'>;
export type TaskAcceptance = ResponseOf<'/api/v1/tasks/{taskId}/accept', 'post'>;

export type TaskTier = Task['tier'];
export type TaskKind = Task['kind'];
export type BugSeverity = NonNullable<Task['severity']>;
export type ReviewVerdict = TaskReview['verdict'];
// Lists for the forms, in the order they are offered; the compiler holds each to the server's values.
export const TASK_TIERS = everyOf<TaskTier>()(['S', 'A', 'B', 'C']);
export const TASK_KINDS = everyOf<TaskKind>()(['feature', 'bug', 'review', 'docs', 'design', 'ops']);
/** The most skills a task may name (the server refuses more with 400). */
export const TASK_SKILLS_MAX = 5;
export const BUG_SEVERITIES = everyOf<BugSeverity>()(['low', 'medium', 'high', 'critical']);
export const REVIEW_VERDICTS = everyOf<ReviewVerdict>()(['APPROVE', 'REQUEST_CHANGES']);

// Ventures and tasks are read models: a write shows up in them ~100 ms after it returns.

export function listVentures(options?: RequestOptions): Promise<Venture[]> {
  return apiGet('/api/v1/ventures', {}, options);
}

export function getVenture(ventureId: string, options?: RequestOptions): Promise<VentureWithTasks> {
  return apiGet('/api/v1/ventures/{ventureId}', { path: { ventureId } }, options);
}

export type FounderAllocation = Venture['founders'][number];
export type PayoutPreview = Task['payout'];
export type TaskSubmission = NonNullable<Task['submissions']>[number];

/** The caller founds the venture and owns it; the founders' bp may total at most 10,000 (400 otherwise). */
export function createVenture(
  name: string,
  founders: FounderAllocation[] = [],
): Promise<ResponseOf<'/api/v1/ventures', 'post'>> {
  return apiPost('/api/v1/ventures', { body: { name, founders } });
}

/** Owner only (403 NOT_VENTURE_OWNER otherwise). */
export function postTask(
  ventureId: string,
  draft: TaskDraft,
): Promise<ResponseOf<'/api/v1/ventures/{ventureId}/tasks', 'post'>> {
  return apiPost('/api/v1/ventures/{ventureId}/tasks', { path: { ventureId }, body: draft });
}

export function getTask(taskId: string, options?: RequestOptions): Promise<Task> {
  return apiGet('/api/v1/tasks/{taskId}', { path: { taskId } }, options);
}

/** Any member but the venture's owner, while the task is OPEN. */
export function claimTask(taskId: string): Promise<TaskStep> {
  return apiPost('/api/v1/tasks/{taskId}/claim', { path: { taskId }, body: {} });
}

/** The assignee, while the task is CLAIMED: a note and http(s) links to the work, both optional. */
export function submitTask(taskId: string, handIn: { note?: string; links?: string[] } = {}): Promise<TaskStep> {
  return apiPost('/api/v1/tasks/{taskId}/submit', { path: { taskId }, body: handIn });
}

/** Anyone but the assignee and the owner, once per submission. REQUEST_CHANGES hands the task back. */
export function reviewTask(
  taskId: string,
  review: BodyOf<'/api/v1/tasks/{taskId}/reviews', 'post'>,
): Promise<TaskStep> {
  return apiPost('/api/v1/tasks/{taskId}/reviews', { path: { taskId }, body: review });
}

/** Owner only, after at least one approving review; accepting again returns the first acceptance. */
export function acceptTask(taskId: string, helpfulReviewerIds: string[]): Promise<TaskAcceptance> {
  return apiPost('/api/v1/tasks/{taskId}/accept', { path: { taskId }, body: { helpfulReviewerIds } });
}
