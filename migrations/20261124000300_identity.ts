import type { Knex } from 'knex';

/**
 * Identity's mutable, access-controlled tables: everything personal or secret that must stay
 * out of the WORM log (DESIGN §1), plus the read models of users and devices.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table accounts (
      user_id uuid primary key,
      email text not null unique,
      password_hash text not null,
      failed_logins int not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null default now()
    );

    create table mfa_factors (
      user_id uuid primary key references accounts(user_id),
      secret text not null,
      confirmed_at timestamptz,
      last_used_step bigint not null default 0
    );

    create table recovery_codes (
      user_id uuid not null references accounts(user_id),
      code_hash text not null,
      used_at timestamptz,
      primary key (user_id, code_hash)
    );

    create table sessions (
      session_id uuid primary key,
      user_id uuid not null references accounts(user_id),
      transport text not null check (transport in ('cookie', 'bearer')),
      refresh_hash text not null,
      previous_refresh_hash text,
      mfa_verified_at timestamptz,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_reason text
    );
    create index sessions_by_user on sessions (user_id);

    create table api_tokens (
      token_id uuid primary key,
      name text not null,
      role text not null,
      secret_hash text not null,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );

    create table kyc_submissions (
      submission_id uuid primary key,
      user_id uuid not null references accounts(user_id),
      evidence jsonb not null,
      decision_reason text,
      submitted_at timestamptz not null default now()
    );

    create table identity_users (
      user_id uuid primary key,
      roles text[] not null default '{}',
      mfa_enabled boolean not null default false,
      kyc_status text not null default 'NOT_SUBMITTED',
      kyc_submission_id uuid,
      registered_at text not null
    );

    create table device_postures (
      user_id uuid not null,
      device_id text not null,
      compliant boolean not null,
      disk_encrypted boolean not null,
      os_up_to_date boolean not null,
      screen_lock boolean not null,
      compliant_since text,
      last_reported_at text not null,
      last_revision bigint not null,
      primary key (user_id, device_id)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    `drop table device_postures, identity_users, kyc_submissions, api_tokens, sessions, recovery_codes, mfa_factors, accounts`,
  );
}
