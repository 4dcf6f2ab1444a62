import type { Knex } from 'knex';
import type pg from 'pg';
import { feedLagAfter } from '../../platform/event-store/postgres/postgres-feed-lag';
import {
  ProjectionCheckpointsRepository,
  projectionFailure,
} from '../../platform/projections/projection-checkpoints.repository';
import type { ProjectionStatus } from './get-ledger-status.query';

/** Checkpoint, lag and any failure of every projection, as stored (so any instance can answer). */
export async function projectionStatuses(knex: Knex, pool: pg.Pool, ledHere: Set<string>): Promise<ProjectionStatus[]> {
  const checkpoints = await new ProjectionCheckpointsRepository(knex).all();
  return Promise.all(
    checkpoints.map(async (checkpoint) => {
      const lag = await feedLagAfter(pool, checkpoint.position);
      return {
        name: checkpoint.projection,
        status: checkpoint.status,
        position: checkpoint.position,
        ...lag,
        leader: ledHere.has(checkpoint.projection),
        failure: projectionFailure(checkpoint),
      };
    }),
  );
}
