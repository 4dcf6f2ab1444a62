import type { Knex } from 'knex';

/**
 * A projection whose batch keeps failing is stopped, not skipped past: after a bounded number of
 * attempts its checkpoint row says FAILED, with the event it could not apply, until an operator
 * runs `projections retry`. The row is the durable flag every instance honours (the leader may
 * change), and what /api/health and the status page read. `attempts` counts the failures at
 * `failed_position` so far; the failed_* columns describe the latest one and are cleared when
 * the checkpoint moves on. The error is a short message, never the event's data.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table projection_checkpoints
      add column status text not null default 'RUNNING' check (status in ('RUNNING', 'FAILED')),
      add column attempts int not null default 0,
      add column failed_position text,
      add column failed_event_id text,
      add column failed_event_type text,
      add column failed_error text,
      add column failed_at timestamptz;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table projection_checkpoints
      drop column status, drop column attempts, drop column failed_position, drop column failed_event_id,
      drop column failed_event_type, drop column failed_error, drop column failed_at;
  `);
}
