import type { Knex } from 'knex';

/**
 * Projections and reactors (process managers) share the checkpoints table; each row now says
 * which it is, so /api/health and the CLI tell them apart from the row alone, on any instance.
 * A runner writes its kind when it starts; the process managers' names are set here already.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table projection_checkpoints add column kind text not null default 'projection' check (kind in ('projection', 'reactor'));
    update projection_checkpoints set kind = 'reactor' where projection in ('earning_process', 'conversion_process', 'board_roster_process');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table projection_checkpoints drop column kind');
}
