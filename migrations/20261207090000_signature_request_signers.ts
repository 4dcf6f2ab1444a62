import type { Knex } from 'knex';

/**
 * `signature_request_signers`, the read model of the `signature-requests` projection: one row per
 * signer of each signature request, carrying the request's facts (document, pinned hash, due and
 * completion times) so "the requests of this document" and "the requests waiting for me" are one
 * indexed query each. Its own projection (not a table of `documents`), so a database that has
 * requests already fills it from position 0.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table signature_request_signers (
      request_id uuid not null,
      signer_id text not null,
      signer_position integer not null,
      kind text not null,
      share_id uuid,
      document_id uuid not null,
      version_number integer not null,
      document_sha256 text not null,
      requester_id uuid not null,
      requested_at timestamptz not null,
      due_at timestamptz,
      signed_at timestamptz,
      intent text,
      key_id text,
      completed_at timestamptz,
      last_revision bigint not null,
      primary key (request_id, signer_id)
    );
    create index signature_request_signers_signer on signature_request_signers (signer_id, requested_at desc);
    create index signature_request_signers_document on signature_request_signers (document_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop table signature_request_signers`);
}
