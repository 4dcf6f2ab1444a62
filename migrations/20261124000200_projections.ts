import type { Knex } from 'knex';

/**
 * Projection bookkeeping and the first read model. A checkpoint row is advanced in the same
 * transaction as the rows it covers, with a compare-and-set, so each event takes effect once.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table projection_checkpoints (
      projection text primary key,
      position text,
      events_applied bigint not null default 0,
      updated_at timestamptz not null default now()
    );

    create table ledger_streams (
      stream_id text primary key,
      category text not null,
      last_revision bigint not null,
      last_hash text not null,
      event_count bigint not null,
      last_event_type text not null,
      last_occurred_at text not null
    );
    create index ledger_streams_by_category on ledger_streams (category, stream_id);

    create table integrity_checks (
      id bigint generated always as identity primary key,
      started_at timestamptz not null,
      finished_at timestamptz,
      status text not null check (status in ('RUNNING', 'VERIFIED', 'BROKEN', 'FAILED')),
      events_checked bigint not null default 0,
      streams_checked bigint not null default 0,
      first_break jsonb,
      error text
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table integrity_checks; drop table ledger_streams; drop table projection_checkpoints;');
}
