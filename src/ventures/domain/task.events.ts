import type { TaskAcceptedData, TaskTier } from './task-accepted.events';

export const TASK_KINDS = ['feature', 'bug', 'review', 'docs', 'design', 'ops'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const BUG_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type BugSeverity = (typeof BUG_SEVERITIES)[number];

export const REVIEW_VERDICTS = ['APPROVE', 'REQUEST_CHANGES'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export const TASK_STATUSES = ['OPEN', 'CLAIMED', 'SUBMITTED', 'ACCEPTED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** At most this many skills a task names: what the work needs, not a wish list. */
export const TASK_SKILLS_MAX = 5;

export interface TaskPostedData {
  [key: string]: string | string[] | null;
  taskId: string;
  ventureId: string;
  title: string;
  tier: TaskTier;
  kind: TaskKind;
  /** Set for bugs, null for every other kind. */
  severity: BugSeverity | null;
  /** What the work is (v2; null on tasks posted before, or when the owner gave none). */
  description: string | null;
  /** How the owner will judge it done (v2; null as for description). */
  acceptanceCriteria: string | null;
  /** A calendar day, YYYY-MM-DD, with no time zone: a target, not a deadline the ledger enforces (v2). */
  dueDate: string | null;
  /**
   * The catalog slugs of the skills the work needs (v3; [] before, or when the owner named none).
   * Accepting the task lets the venture's owner verify these skills of the assignee, and no others.
   */
  skills: string[];
}

/** The assignee's hand-in: a note and links to the work (links from v2; [] before). */
export interface TaskSubmittedData {
  [key: string]: string | string[] | null;
  note: string | null;
  links: string[];
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
 * (./task-accepted.events.ts); it may also arrive from an integration, on a stream with nothing else.
 */
export type TaskEvent =
  | { type: 'TaskPosted'; data: TaskPostedData }
  | { type: 'TaskClaimed'; data: { assigneeId: string } }
  | { type: 'TaskSubmitted'; data: TaskSubmittedData }
  | { type: 'TaskReviewed'; data: TaskReviewedData }
  | { type: 'TaskAccepted'; data: TaskAcceptedData };
