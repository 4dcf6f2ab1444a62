import type { Knex } from 'knex';
import type { TableNames } from '../../src/platform/projections/projection';
import { addToCounters, rowsByKey, upsertRows } from '../../src/platform/projections/projection-rows';
import type { TaskTier } from '../../src/ventures/domain/task-accepted';
import type { BugSeverity, TaskKind, TaskReviewedData, TaskStatus } from '../../src/ventures/domain/task.events';

/** A review as the task row keeps it: the event's data, when it was made, and the submission round it judged. */
export type StoredReview = TaskReviewedData & { reviewedAt: string; round: number };

export interface VentureRow {
  venture_id: string;
  name: string;
  owner_id: string;
  created_at: string;
}

/** A `tasks` row as pg returns it: bigint as text, reviews as parsed JSON. */
export interface TaskRow {
  task_id: string;
  venture_id: string;
  title: string;
  tier: TaskTier;
  kind: TaskKind;
  severity: BugSeverity | null;
  status: TaskStatus;
  assignee_id: string | null;
  round: number;
  reviews: StoredReview[];
  posted_at: string;
  accepted_at: string | null;
  last_revision: string;
}

/** A venture's open and done task counts, or signed changes to them. */
export interface TaskCounts {
  open_tasks: number;
  done_tasks: number;
}

/** Statements of the `ventures` projection, one per method, each covering a whole batch. */
export class VenturesRepository {
  constructor(
    private readonly knex: Knex.Transaction,
    private readonly tables: TableNames,
  ) {}

  async insertVentures(rows: readonly VentureRow[]): Promise<void> {
    await upsertRows(this.knex, this.tables.ventures, rows, { conflictColumns: ['venture_id'], insertOnly: true });
  }

  async tasksByIds(taskIds: Iterable<string>): Promise<TaskRow[]> {
    return rowsByKey<TaskRow>(this.knex, this.tables.tasks, 'task_id', 'text', taskIds);
  }

  /** The guard keeps a row that already took a later event, so a stale write is a no-op. */
  async writeTasks(rows: readonly TaskRow[]): Promise<void> {
    await upsertRows(this.knex, this.tables.tasks, rows, { conflictColumns: ['task_id'], newerBy: 'last_revision' });
  }

  async addToTaskCounts(deltas: ReadonlyMap<string, TaskCounts>): Promise<void> {
    await addToCounters(this.knex, this.tables.ventures, { column: 'venture_id', type: 'uuid' }, deltas, ['open_tasks', 'done_tasks']);
  }
}
