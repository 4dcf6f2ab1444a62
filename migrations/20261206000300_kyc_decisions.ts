import type { Knex } from 'knex';

/**
 * The reason of each KYC decision, keyed by the decision's id. A decision writes its reason here
 * first and then appends KycStatusChanged naming that id; readers find a reason only through an
 * event that names it, so a reason whose event never got written is never shown, and a retry of
 * the decision (same id) completes it. Free text that may name the person: it stays out of the
 * WORM log, with the evidence.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table kyc_decisions (
      decision_id uuid primary key,
      user_id uuid not null references accounts(user_id),
      reason text not null,
      recorded_at timestamptz not null default now()
    );
    alter table kyc_submissions drop column decision_reason;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table kyc_submissions add column decision_reason text;
    drop table kyc_decisions;
  `);
}
