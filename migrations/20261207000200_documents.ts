import type { Knex } from 'knex';

/**
 * Documents, signatures, shares, clients and legal holds. What may name or describe a person
 * (titles, client details, comments, request messages, hold reasons) and the content itself live
 * here, where they can be erased; the events name only ids, hashes and decisions.
 *
 * - `document_blobs`: content by its SHA-256, so equal uploads share one row (the primary key is
 *   what makes concurrent uploads of the same bytes store it once). `document_blob_refs` says
 *   which documents use a blob, so a purge deletes only bytes no other document holds.
 * - `document_details`, `document_comments`, `signature_request_messages`, `legal_hold_details`,
 *   `clients`: personal or free text, keyed by the id the events carry.
 * - `document_share_links`: SHA-256 of each client link token; the token itself is never stored.
 * - `document_integrity_alarms`: reads whose content no longer matched its hash (never served).
 * - `document_directory`, `signature_records`: read models of the `documents` projection.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table document_blobs (
      sha256 text primary key,
      content bytea not null,
      size_bytes bigint not null,
      media_type text not null,
      stored_at timestamptz not null default now()
    );
    create table document_blob_refs (
      sha256 text not null,
      document_id uuid not null,
      primary key (sha256, document_id)
    );
    create table document_details (
      document_id uuid primary key,
      title text not null,
      recorded_at timestamptz not null default now()
    );
    create table document_comments (
      comment_id uuid primary key,
      document_id uuid not null,
      body text not null,
      recorded_at timestamptz not null default now()
    );
    create table document_share_links (
      share_id uuid primary key,
      document_id uuid not null,
      token_sha256 text not null unique
    );
    create table signature_request_messages (
      request_id uuid primary key,
      message text not null
    );
    create table legal_hold_details (
      hold_id uuid primary key,
      reason text not null,
      case_ref text not null
    );
    create table clients (
      client_id uuid primary key,
      owner_id uuid not null,
      name text not null,
      email text,
      phone text,
      organization text,
      tags jsonb not null default '[]',
      archived boolean not null default false,
      erased_at timestamptz,
      updated_at timestamptz not null default now()
    );
    create index clients_owner on clients (owner_id);
    create table document_integrity_alarms (
      alarm_id uuid primary key,
      document_id uuid not null,
      version_number integer not null,
      expected_sha256 text not null,
      actual_sha256 text,
      detected_at timestamptz not null default now()
    );
    create table document_directory (
      document_id uuid primary key,
      owner_id uuid not null,
      doc_type text not null,
      status text not null,
      version_count integer not null,
      latest_sha256 text not null,
      shared_with jsonb not null default '[]',
      registered_at timestamptz not null,
      retain_until timestamptz not null,
      last_revision bigint not null
    );
    create index document_directory_owner on document_directory (owner_id);
    create table signature_records (
      event_id uuid primary key,
      request_id uuid not null,
      document_id uuid not null,
      document_sha256 text not null,
      signer_id text not null,
      key_id text not null,
      public_key_hex text not null,
      statement text not null,
      signature_hex text not null,
      signed_at timestamptz not null
    );
    create index signature_records_sha256 on signature_records (document_sha256);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop table document_blob_refs, signature_records, document_directory, document_integrity_alarms, clients, legal_hold_details,
      signature_request_messages, document_share_links, document_comments, document_details, document_blobs;
  `);
}
