import type { Knex } from 'knex';

/**
 * The password lock moved into the user's stream (LoginFailed carries the lock it earned, decided
 * on the stream's latest state), so a refused sign-in is one write, not a table row and an event
 * that could come apart. The columns that counted it before go.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table accounts drop column failed_logins, drop column locked_until');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'alter table accounts add column failed_logins integer not null default 0, add column locked_until timestamptz',
  );
}
