import type { Knex } from 'knex';

/**
 * Account basics (#16 §9). `password_resets`: admin-issued one-time links, the token stored only
 * as its SHA-256 (256 random bits need no slow hash); the event PasswordResetIssued says who
 * issued which link and until when. `mfa_reset_requests`: the why of an MFA reset, free text
 * that stays out of the WORM log, and the list compliance works from.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table password_resets (
      reset_id uuid primary key,
      user_id uuid not null references accounts(user_id),
      token_hash text not null unique,
      issued_by uuid not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index password_resets_by_user on password_resets (user_id);

    create table mfa_reset_requests (
      request_id uuid primary key,
      user_id uuid not null references accounts(user_id),
      requested_by uuid not null,
      reason text not null,
      requested_at timestamptz not null,
      approved_by uuid,
      approved_at timestamptz
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table mfa_reset_requests, password_resets`);
}
