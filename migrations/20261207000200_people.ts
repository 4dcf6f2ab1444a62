import type { Knex } from 'knex';

/**
 * People, skills, endorsements, badges and portfolios (#14).
 *
 * Erasable tables, keyed by the member: what a person wrote about themselves or others. Events
 * only say that these changed (DESIGN §1), so deleting a member's rows here erases them without
 * touching the WORM log. A row is written once the log has accepted the decision it belongs to
 * (a refused request leaves none), and a retry of the same command completes a missing one.
 *
 * Read models (projections/gamification): endorsements, badge holdings, credentials and
 * endorsement-ring flags.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table profiles (
      user_id uuid primary key,
      nickname text,
      bio text,
      location text,
      website_url text,
      theme text not null default 'auto' check (theme in ('auto', 'light', 'dark')),
      is_public boolean not null default true,
      avatar_hash text,
      updated_at timestamptz not null default now()
    );

    create table avatars (
      content_hash text primary key,
      media_type text not null,
      width integer not null,
      height integer not null,
      bytes bytea not null,
      created_at timestamptz not null default now()
    );

    create table skill_evidence (
      user_id uuid not null,
      skill_slug text not null,
      evidence_url text not null,
      primary key (user_id, skill_slug)
    );

    create table endorsement_notes (
      endorsement_id uuid primary key,
      endorser_id uuid not null,
      endorsee_id uuid not null,
      note text not null
    );
    create index endorsement_notes_by_person on endorsement_notes (endorsee_id);

    create table portfolio_items (
      item_id uuid primary key,
      user_id uuid not null,
      title text not null,
      description text not null,
      urls jsonb not null,
      document_id text,
      task_id text,
      is_public boolean not null,
      created_at text not null
    );
    create index portfolio_items_by_user on portfolio_items (user_id);

    create table badge_reasons (
      reason_id uuid primary key,
      user_id uuid not null,
      reason text not null,
      recorded_at timestamptz not null default now()
    );

    create table endorsements (
      endorsement_id uuid primary key,
      endorser_id uuid not null,
      endorsee_id uuid not null,
      skill_slug text not null,
      day text not null,
      weight_milli integer not null,
      occurred_at text not null
    );
    create index endorsements_by_endorsee on endorsements (endorsee_id, skill_slug);

    create table badge_holdings (
      user_id uuid not null,
      badge_code text not null,
      award_event_id uuid not null,
      awarded_at text not null,
      revoked_at text,
      last_revision bigint not null,
      primary key (user_id, badge_code)
    );

    create table badge_credentials (
      credential_id uuid primary key,
      user_id uuid not null,
      badge_code text not null,
      award_event_id uuid not null,
      award_event_hash text not null,
      awarded_at text not null,
      status_index integer not null unique,
      revoked_at text
    );
    create index badge_credentials_by_user on badge_credentials (user_id);

    create table endorsement_flags (
      flag_id uuid primary key,
      kind text not null,
      member_ids uuid[] not null,
      endorsement_ids uuid[] not null,
      day text not null,
      flagged_at text not null
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(
    'drop table endorsement_flags, badge_credentials, badge_holdings, endorsements, badge_reasons, portfolio_items, endorsement_notes, skill_evidence, avatars, profiles',
  );
}
