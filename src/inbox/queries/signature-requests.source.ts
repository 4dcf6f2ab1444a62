import type { Knex } from 'knex';
import type { SignatureInboxRow } from '../../../projections/signature-inbox/signature-inbox.contract';

export const TOP_ITEMS = 5;

/**
 * The inbox's one read of signature requests, kept apart so a per-signer read API of the
 * documents context can take its place: the requests `signerId` has still to sign, oldest first.
 */
export async function pendingSignatureRequests(knex: Knex, signerId: string) {
  const pending = () => knex<SignatureInboxRow>('signature_inbox').where({ signer_id: signerId, done: false });
  const [{ count }] = await pending().count<{ count: string }[]>({ count: '*' });
  const rows = await pending()
    .orderBy([{ column: 'requested_at' }, { column: 'request_id' }])
    .limit(TOP_ITEMS);
  return {
    count: Number(count),
    items: rows.map((row) => ({
      requestId: row.request_id,
      documentId: row.document_id,
      dueAt: row.due_at,
      requestedAt: row.requested_at,
    })),
  };
}
