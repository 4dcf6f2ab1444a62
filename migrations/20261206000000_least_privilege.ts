import type { Knex } from 'knex';

/**
 * The app role logs in on its own now (no SET ROLE from an owner session), so what it may do is
 * exactly what is granted here and before. It needs no say over the migrations' bookkeeping,
 * which default privileges handed it, and nobody but the owner may create objects in `public`
 * (PostgreSQL 15 and later revoke that by default; older servers that DATABASE_URL may point at
 * do not). Privileges on PUBLIC are revoked too, since every role, the app's included, has them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    revoke all on knex_migrations, knex_migrations_lock from smartstart_app, public;
    revoke create on schema public from public;
    revoke all on events, merkle_leaves from public;
  `);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('Irreversible: widening the app role is never a rollback.'));
}
