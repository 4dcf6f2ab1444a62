import type { Knex } from 'knex';
import type { GlobalPosition } from '../event-store/event-store.port';

export type ProjectionRunState = 'RUNNING' | 'FAILED';

/** Projections and reactors share this table; the row says which it belongs to. */
export type FollowerKind = 'projection' | 'reactor';

export interface CheckpointRow {
  projection: string;
  kind: FollowerKind;
  position: GlobalPosition | null;
  events_applied: string;
  updated_at: Date;
  status: ProjectionRunState;
  /** Failed attempts at `failed_position` so far; 0 while nothing fails. */
  attempts: number;
  failed_position: GlobalPosition | null;
  failed_event_id: string | null;
  failed_event_type: string | null;
  failed_error: string | null;
  failed_at: Date | null;
}

/** The event a projection could not apply, and why (a short message, never the event's data). */
export interface ApplyFailure {
  position: GlobalPosition;
  eventId: string;
  eventType: string;
  error: string;
}

/** What a runner needs before it starts a round: where to start and whether it may. */
export interface RunnerCheckpoint {
  position: GlobalPosition | null;
  status: ProjectionRunState;
  attempts: number;
  /** By the database's clock, so every instance measures the backoff alike; null without a failure. */
  sinceFailureMs: number | null;
}

/** The latest failed attempt as the health answer, the status page and the CLI show it. */
export interface ProjectionFailure {
  /** Position of the event that failed; the checkpoint stays just before it. */
  position: GlobalPosition;
  eventId: string | null;
  eventType: string | null;
  error: string | null;
  failedAt: string | null;
  attempts: number;
}

export function projectionFailure(row: CheckpointRow): ProjectionFailure | null {
  if (row.failed_position === null) return null;
  return {
    position: row.failed_position,
    eventId: row.failed_event_id,
    eventType: row.failed_event_type,
    error: row.failed_error,
    failedAt: row.failed_at?.toISOString() ?? null,
    attempts: row.attempts,
  };
}

const CLEARED_FAILURE = {
  attempts: 0,
  failed_position: null,
  failed_event_id: null,
  failed_event_type: null,
  failed_error: null,
  failed_at: null,
};

/** One query per method; the compare-and-set is what makes each batch take effect once. */
export class ProjectionCheckpointsRepository {
  constructor(private readonly knex: Knex) {}

  /** Writes nothing when the row is there with this kind, which is every round but the first. */
  async ensure(projection: string, kind: FollowerKind): Promise<void> {
    await this.knex('projection_checkpoints')
      .insert({ projection, position: null, kind })
      .onConflict('projection')
      .merge(['kind'])
      .where('projection_checkpoints.kind', '<>', kind);
  }

  async load(projection: string): Promise<GlobalPosition | null> {
    const row = await this.knex<CheckpointRow>('projection_checkpoints').where({ projection }).first();
    return row?.position ?? null;
  }

  async loadForRunner(projection: string): Promise<RunnerCheckpoint> {
    const row = await this.knex('projection_checkpoints').where({ projection }).first<{
      position: GlobalPosition | null;
      status: ProjectionRunState;
      attempts: number;
      since_failure_ms: number | null;
    }>('position', 'status', 'attempts', this.knex.raw('(extract(epoch from now() - failed_at) * 1000)::float8 as since_failure_ms'));
    return { position: row.position, status: row.status, attempts: row.attempts, sinceFailureMs: row.since_failure_ms };
  }

  async all(): Promise<CheckpointRow[]> {
    return this.knex<CheckpointRow>('projection_checkpoints').select('*').orderBy('projection');
  }

  /** Returns false when someone else moved the checkpoint since `from`. Moving on clears a failure that was being retried. */
  async advance(
    transaction: Knex.Transaction,
    projection: string,
    from: GlobalPosition | null,
    to: GlobalPosition,
    applied: number,
  ): Promise<boolean> {
    const updated = await transaction('projection_checkpoints')
      .where({ projection })
      .andWhereRaw('position is not distinct from ?', [from])
      .update({
        position: to,
        events_applied: transaction.raw('events_applied + ?', [applied]),
        updated_at: transaction.fn.now(),
        ...CLEARED_FAILURE,
      });
    return updated === 1;
  }

  /**
   * Counts one more failed attempt at the event after `from` (a failure at another event starts
   * the count again) and marks the projection FAILED once the count exceeds `maxRetries`.
   * Returns the new count and state, or null when the checkpoint is no longer at `from`.
   */
  async recordFailure(
    projection: string,
    from: GlobalPosition | null,
    failure: ApplyFailure,
    maxRetries: number,
  ): Promise<{ attempts: number; status: ProjectionRunState } | null> {
    const result = await this.knex.raw<{ rows: { attempts: number; status: ProjectionRunState }[] }>(
      `with counted as (
         select projection, case when failed_position = :position then attempts + 1 else 1 end as attempts
         from projection_checkpoints where projection = :projection and status = 'RUNNING' and position is not distinct from :from
       )
       update projection_checkpoints as target
       set attempts = counted.attempts,
           status = case when counted.attempts > :maxRetries then 'FAILED' else 'RUNNING' end,
           failed_position = :position, failed_event_id = :eventId, failed_event_type = :eventType,
           failed_error = :error, failed_at = now()
       from counted where target.projection = counted.projection
       returning target.attempts, target.status`,
      { projection, from, maxRetries, ...failure },
    );
    return result.rows[0] ?? null;
  }

  /**
   * Lets a FAILED projection run again from its checkpoint, with a fresh count of attempts.
   * Returns the row as it was (unchanged unless it was FAILED), or null for no such projection.
   */
  async clearFailure(projection: string): Promise<CheckpointRow | null> {
    return this.knex.transaction(async (transaction) => {
      const row = await transaction<CheckpointRow>('projection_checkpoints').where({ projection }).forUpdate().first();
      if (row?.status === 'FAILED')
        await transaction('projection_checkpoints')
          .where({ projection })
          .update({ status: 'RUNNING', ...CLEARED_FAILURE });
      return row ?? null;
    });
  }
}
