import type { Knex } from 'knex';
import type { GlobalPosition } from '../event-store/event-store.port';

export interface CheckpointRow {
  projection: string;
  position: GlobalPosition | null;
  events_applied: string;
  updated_at: Date;
}

/** One query per method; the compare-and-set is what makes each batch take effect once. */
export class ProjectionCheckpointsRepository {
  constructor(private readonly knex: Knex) {}

  async ensure(projection: string): Promise<void> {
    await this.knex('projection_checkpoints').insert({ projection, position: null }).onConflict('projection').ignore();
  }

  async load(projection: string): Promise<GlobalPosition | null> {
    const row = await this.knex<CheckpointRow>('projection_checkpoints').where({ projection }).first();
    return row?.position ?? null;
  }

  async all(): Promise<CheckpointRow[]> {
    return this.knex<CheckpointRow>('projection_checkpoints').select('*').orderBy('projection');
  }

  /** Returns false when someone else moved the checkpoint since `from`. */
  async advance(transaction: Knex.Transaction, projection: string, from: GlobalPosition | null, to: GlobalPosition, applied: number): Promise<boolean> {
    const updated = await transaction('projection_checkpoints')
      .where({ projection })
      .andWhereRaw('position is not distinct from ?', [from])
      .update({ position: to, events_applied: transaction.raw('events_applied + ?', [applied]), updated_at: transaction.fn.now() });
    return updated === 1;
  }
}
