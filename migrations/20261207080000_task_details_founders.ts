import type { Knex } from 'knex';

/**
 * #16 §1 and §4: a task's description, acceptance criteria, due date and its submissions (note
 * and links per round), and a venture's founders' allocation. Rows written before lack them, and
 * the events hold them (upcast from v1), so the `ventures` projection replays from the start: its
 * tables are emptied and its checkpoint goes back to the beginning.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table ventures add column founders jsonb not null default '[]';
    alter table tasks
      add column description text,
      add column acceptance_criteria text,
      add column due_date text,
      add column submissions jsonb not null default '[]';
    truncate tasks, ventures;
    update projection_checkpoints set position = null, events_applied = 0 where projection = 'ventures';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table tasks drop column description, drop column acceptance_criteria, drop column due_date, drop column submissions;
    alter table ventures drop column founders;
  `);
}
