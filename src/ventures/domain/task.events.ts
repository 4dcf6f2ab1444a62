import type { TaskAcceptedData, TaskTier } from './task-accepted';

export const TASK_KINDS = ['feature', 'bug', 'review', 'docs', 'design', 'ops'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const BUG_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type BugSeverity = (typeof BUG_SEVERITIES)[number];

export const REVIEW_VERDICTS = ['APPROVE', 'REQUEST_CHANGES'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export const TASK_STATUSES = ['OPEN', 'CLAIMED', 'SUBMITTED', 'ACCEPTED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskPostedData {
  [key: string]: string | null;
  taskId: string;
  ventureId: string;
  title: string;
  tier: TaskTier;
  kind: TaskKind;
  /** Set for bugs, null for every other kind. */
  severity: BugSeverity | null;
}

export interface TaskReviewedData {
  [key: string]: string | number | null;
  reviewerId: string;
  /** 1–5. */
  quality: number;
  verdict: ReviewVerdict;
  comment: string | null;
}

/**
 * Events of `task-<taskId>`. TaskAccepted is the contract with the earning loop
 * (./task-accepted.ts); it may also arrive from an integration, on a stream with nothing else.
 */
export type TaskEvent =
  | { type: 'TaskPosted'; data: TaskPostedData }
  | { type: 'TaskClaimed'; data: { assigneeId: string } }
  | { type: 'TaskSubmitted'; data: { note: string | null } }
  | { type: 'TaskReviewed'; data: TaskReviewedData }
  | { type: 'TaskAccepted'; data: TaskAcceptedData };
