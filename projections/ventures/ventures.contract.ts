import type { TaskTier } from '../../src/ventures/domain/task-accepted.events';
import type {
  BugSeverity,
  TaskKind,
  TaskReviewedData,
  TaskStatus,
  TaskSubmittedData,
} from '../../src/ventures/domain/task.events';
import type { FounderAllocation } from '../../src/ventures/domain/venture.events';

/** The ventures read model's rows, as the ventures' queries read them: its public contract. */

/** A review as the task row keeps it: the event's data, when it was made, and the submission round it judged. */
export type StoredReview = TaskReviewedData & { reviewedAt: string; round: number };

/** A hand-in as the task row keeps it: the event's data, when, and the round it opened. */
export type StoredSubmission = Pick<TaskSubmittedData, 'note' | 'links'> & { submittedAt: string; round: number };

export interface VentureRow {
  venture_id: string;
  name: string;
  owner_id: string;
  created_at: string;
  /** The founders' initial allocation, as recorded (jsonb). */
  founders: FounderAllocation[];
}

/** A `tasks` row as pg returns it: bigint as text, reviews as parsed JSON. */
export interface TaskRow {
  task_id: string;
  venture_id: string;
  title: string;
  tier: TaskTier;
  kind: TaskKind;
  severity: BugSeverity | null;
  description: string | null;
  acceptance_criteria: string | null;
  due_date: string | null;
  /** The skill slugs the task named (jsonb; [] for a task posted before tasks named skills). */
  skills: string[];
  status: TaskStatus;
  assignee_id: string | null;
  round: number;
  reviews: StoredReview[];
  submissions: StoredSubmission[];
  posted_at: string;
  accepted_at: string | null;
  last_revision: string;
}

/** A venture's open and done task counts, or signed changes to them. */
export interface TaskCounts {
  open_tasks: number;
  done_tasks: number;
}
