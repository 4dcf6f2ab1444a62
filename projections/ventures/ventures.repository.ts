import type { Knex } from 'knex';
import type { TableNames } from '../../src/platform/projections/projection';

/**
 * Statements of the `ventures` projection. Task rows move only forwards in stream revision, so a
 * replayed event matches no row; venture counts are recomputed from the task rows, never added to.
 */
export class VenturesRepository {
  constructor(
    private readonly knex: Knex.Transaction,
    private readonly tables: TableNames,
  ) {}

  async insertVenture(row: { venture_id: string; name: string; owner_id: string; created_at: string }): Promise<void> {
    await this.knex(this.tables.ventures).insert(row).onConflict('venture_id').ignore();
  }

  async insertTask(row: Record<string, string | number | null>): Promise<void> {
    await this.knex(this.tables.tasks).insert(row).onConflict('task_id').ignore();
  }

  /** Applies the change of the event at `revision` unless the row has seen it already. */
  async updateTask(taskId: string, revision: bigint, change: Record<string, unknown>): Promise<void> {
    await this.knex(this.tables.tasks)
      .where({ task_id: taskId })
      .andWhere('last_revision', '<', revision.toString())
      .update({ ...change, last_revision: revision.toString() });
  }

  /** A review appended to the task's list, stamped with the submission round it judged. */
  reviewEntry(review: Record<string, unknown>): Knex.Raw {
    return this.knex.raw(`reviews || jsonb_build_array(?::jsonb || jsonb_build_object('round', round))`, [JSON.stringify(review)]);
  }

  nextRound(): Knex.Raw {
    return this.knex.raw('round + 1');
  }

  async recountTasks(ventureId: string): Promise<void> {
    const count = (accepted: boolean) =>
      this.knex(this.tables.tasks)
        .count('*')
        .where({ venture_id: ventureId })
        .andWhere('status', accepted ? '=' : '<>', 'ACCEPTED');
    await this.knex(this.tables.ventures)
      .where({ venture_id: ventureId })
      .update({ open_tasks: count(false), done_tasks: count(true) });
  }
}
