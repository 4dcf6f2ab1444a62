import type { Knex } from 'knex';

/**
 * How often each integrity alarm fired: one row per (document, version, bytes found), so a blob
 * that stays corrupt counts its refused reads instead of adding rows, and compliance sees when the
 * last one was refused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table document_integrity_alarms
      add column detection_count integer not null default 1,
      add column last_detected_at timestamptz;
    update document_integrity_alarms set last_detected_at = detected_at;
    alter table document_integrity_alarms alter column last_detected_at set not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table document_integrity_alarms drop column detection_count, drop column last_detected_at`);
}
