import type { Knex } from 'knex';
import type { TableNames } from '../../src/platform/projections/projection';
import { addToCounters, rowsByKey, upsertRows } from '../../src/platform/projections/projection-rows';
import type { TaskCounts, TaskRow, VentureRow } from './ventures.contract';

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
    await addToCounters(this.knex, this.tables.ventures, { column: 'venture_id', type: 'uuid' }, deltas, [
      'open_tasks',
      'done_tasks',
    ]);
  }
}
