import type { Knex } from 'knex';

/**
 * The role the application runs as (every pooled connection does SET ROLE smartstart_app).
 * Roles are cluster-wide, so creating it tolerates another database having done so first.
 * Read models get full DML through default privileges; the event log grants are narrower.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    do $$ begin
      create role smartstart_app nologin;
    exception when duplicate_object or unique_violation then null;
    end $$;
    grant usage on schema public to smartstart_app;
    alter default privileges in schema public grant select, insert, update, delete on tables to smartstart_app;
    alter default privileges in schema public grant usage, select on sequences to smartstart_app;
  `);
}

export function down(): Promise<void> {
  return Promise.reject(
    new Error('Irreversible: the application role may be shared with other databases in the cluster.'),
  );
}
