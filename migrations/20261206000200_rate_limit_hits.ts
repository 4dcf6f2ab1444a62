import type { Knex } from 'knex';

/**
 * Rate-limit counters shared by every API instance, so N instances allow the limit once, not N
 * times. UNLOGGED: a counter is worth no WAL flush, and losing the counts in a crash only
 * forgives the current window.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create unlogged table rate_limit_hits (
      bucket text not null,
      subject text not null,
      window_start_ms bigint not null,
      hits integer not null,
      primary key (bucket, subject, window_start_ms)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table rate_limit_hits');
}
