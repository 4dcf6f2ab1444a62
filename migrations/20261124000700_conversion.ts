import type { Knex } from 'knex';

/** Read models of BUZ → equity conversion. Equity is integer basis points; BUZ integer. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table conversion_windows (
      window_id uuid primary key,
      venture_id uuid not null,
      opens_at text not null,
      closes_at text not null,
      equity_rate_bps bigint not null,
      pool_cap_bps bigint,
      status text not null,
      total_granted_bps bigint,
      oversubscribed boolean,
      last_revision bigint not null
    );
    create index conversion_windows_by_status on conversion_windows (status);

    create table conversions (
      conversion_id uuid primary key,
      window_id uuid not null,
      venture_id uuid not null,
      user_id uuid not null,
      amount_buz bigint not null,
      status text not null,
      votes jsonb not null default '[]',
      granted_bps bigint,
      burned_buz bigint,
      unlocked_buz bigint,
      requested_at text not null,
      last_revision bigint not null
    );
    create index conversions_by_window on conversions (window_id);
    create index conversions_by_user on conversions (user_id);

    create table cap_table (
      conversion_id uuid primary key,
      venture_id uuid not null,
      holder_id uuid not null,
      bps bigint not null,
      window_id uuid not null,
      settled_at text not null
    );
    create index cap_table_by_venture on cap_table (venture_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table cap_table, conversions, conversion_windows');
}
