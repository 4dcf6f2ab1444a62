import type { Knex } from 'knex';

/**
 * A refresh token now carries an HMAC of its session (session-issuer.service.ts), which is how a
 * rotated token is recognised however old it is; the one previous hash kept for that is unused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table sessions drop column previous_refresh_hash');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table sessions add column previous_refresh_hash text');
}
