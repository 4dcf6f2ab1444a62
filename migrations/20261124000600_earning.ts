import type { Knex } from 'knex';

/** Read models of the earning loop. Amounts are integer BUZ (bigint); reputation is micro-points. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table wallets (
      user_id uuid primary key,
      balance_buz bigint not null default 0,
      locked_buz bigint not null default 0,
      last_revision bigint not null default -1
    );

    create table wallet_ledgers (
      user_id uuid not null,
      revision bigint not null,
      event_id uuid not null,
      type text not null,
      amount_buz bigint,
      task_id text,
      conversion_id text,
      day text,
      reason text,
      detail text,
      hash text not null,
      prev_hash text not null,
      occurred_at text not null,
      primary key (user_id, revision)
    );
    create index wallet_ledgers_by_day on wallet_ledgers (user_id, day) where type = 'BuzIssued';

    create table user_profiles (
      user_id uuid primary key,
      xp bigint not null default 0,
      level int not null default 1,
      rep_micro bigint not null default 0,
      last_settled_day text,
      last_revision bigint not null default -1
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table user_profiles, wallet_ledgers, wallets');
}
