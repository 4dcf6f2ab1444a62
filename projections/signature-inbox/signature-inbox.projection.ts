import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import type { Projection } from '../../src/platform/projections/projection';
import type { SignatureEvent } from '../../src/documents/domain/signature.events';
import type { SignatureInboxRow } from './signature-inbox.contract';

/**
 * The signature requests each signer still has to sign, for the inbox (#16 §5). Kept apart from
 * the documents projection so a per-signer read model of the documents context can replace it.
 * A request adds one row per signer (a redelivery adds nothing); a signature or the completion
 * marks rows done, which a redelivered request never undoes.
 */
export const signatureInboxProjection: Projection = {
  name: 'signature_inbox',
  tables: ['signature_inbox'],
  canHandle: ['SignatureRequested', 'DocumentSigned', 'SignatureRequestCompleted'],
  async apply(transaction, events, tables) {
    for (const event of events) await applyEvent(transaction, tables.signature_inbox, event);
  },
};

async function applyEvent(knex: Knex.Transaction, table: string, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as SignatureEvent;
  switch (event.type) {
    case 'SignatureRequested': {
      const { requestId, documentId, dueAt, requestedAt, signers } = event.data;
      const rows: SignatureInboxRow[] = signers.map((signer) => ({
        request_id: requestId,
        signer_id: signer.signerId,
        document_id: documentId,
        due_at: dueAt,
        requested_at: requestedAt,
        done: false,
      }));
      if (rows.length > 0) await knex(table).insert(rows).onConflict(['request_id', 'signer_id']).ignore();
      return;
    }
    case 'DocumentSigned':
      await knex(table)
        .where({ request_id: event.data.requestId, signer_id: event.data.signerId })
        .update({ done: true });
      return;
    case 'SignatureRequestCompleted':
      await knex(table).where({ request_id: event.data.requestId }).update({ done: true });
      return;
  }
}
