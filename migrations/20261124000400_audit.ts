import type { Knex } from 'knex';

/**
 * The global Merkle log (DESIGN §3) and the auditors' verification runs.
 *
 * `merkle_leaves` is the `merkle_leaves` projection's table: leaf i is the i-th event of the
 * global feed, with leaf_hash = SHA-256(0x00 ‖ event_hash). It is rebuildable from the feed, so it
 * is a read model, but the application may only append to it: a leaf is never rewritten.
 *
 * `audit_verifications` records each full verification an auditor starts, with its progress,
 * so any instance can answer "how far along is it".
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table merkle_leaves (
      leaf_index bigint primary key check (leaf_index >= 0),
      event_id uuid not null unique,
      stream_id text not null,
      revision bigint not null,
      event_hash bytea not null check (length(event_hash) = 32),
      leaf_hash bytea not null check (length(leaf_hash) = 32)
    );
    revoke update, delete, truncate on merkle_leaves from smartstart_app;

    create table audit_verifications (
      id uuid primary key,
      status text not null check (status in ('RUNNING', 'VERIFIED', 'BROKEN', 'FAILED')),
      started_at timestamptz not null,
      finished_at timestamptz,
      events_checked bigint not null default 0,
      events_total bigint not null default 0,
      report jsonb,
      error text
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table audit_verifications; drop table merkle_leaves;');
}
