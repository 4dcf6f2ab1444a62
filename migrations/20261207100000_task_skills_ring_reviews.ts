import type { Knex } from 'knex';

/**
 * #14's last gaps.
 *
 * - `tasks.skills`: the skill slugs a task names (TaskPosted v3). Tasks posted before named none
 *   (their events upcast to `[]`), so the default is their true value and nothing is replayed.
 * - `endorsement_flags` learns a flag's review (EndorsementRingReviewed): who, when, the outcome.
 * - `endorsement_flag_notes`: the reviewer's note, free text that may say anything about the
 *   members, so it stays out of the event in an erasable table (the event says only `hasNote`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table tasks add column skills jsonb not null default '[]';
    alter table endorsement_flags
      add column reviewed_by uuid,
      add column reviewed_at text,
      add column review_outcome text check (review_outcome in ('dismissed', 'confirmed'));
    create table endorsement_flag_notes (
      flag_id uuid primary key,
      note text not null
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table endorsement_flag_notes;
    alter table endorsement_flags drop column reviewed_by, drop column reviewed_at, drop column review_outcome;
    alter table tasks drop column skills;
  `);
}
