import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { rowsByKey, upsertRows } from '../../src/platform/projections/projection-rows';
import type { Projection } from '../../src/platform/projections/projection';
import type { SignatureEvent } from '../../src/documents/domain/signature.events';
import type { SignerRow } from './signature-requests.contract';

const SIGNATURE_EVENTS = ['SignatureRequested', 'DocumentSigned', 'SignatureRequestCompleted'];

/**
 * `signature_request_signers`: who was asked to sign what, and who has. All rows of a request move
 * together: each takes an event of `signature-<requestId>` only when newer than its last_revision,
 * so a redelivered event changes nothing.
 */
export const signatureRequestsProjection: Projection = {
  name: 'signature-requests',
  tables: ['signature_request_signers'],
  canHandle: SIGNATURE_EVENTS,
  async apply(transaction, events, tables) {
    if (events.length === 0) return;
    const table = tables.signature_request_signers;
    const requestIds = events.map(requestIdOf);
    const stored = await rowsByKey<SignerRow>(transaction, table, 'request_id', 'uuid', requestIds);
    const before = new Map<string, SignerRow[]>();
    for (const row of stored) before.set(row.request_id, [...(before.get(row.request_id) ?? []), row]);
    const after = new Map(before);
    for (const event of events) {
      const requestId = requestIdOf(event);
      after.set(requestId, evolveSignerRows(after.get(requestId) ?? [], event));
    }
    const changed = [...after.entries()]
      .filter(([requestId, rows]) => rows !== before.get(requestId))
      .flatMap(([, rows]) => rows);
    await upsertRows(transaction, table, changed, {
      conflictColumns: ['request_id', 'signer_id'],
      newerBy: 'last_revision',
    });
  },
};

function requestIdOf(event: RecordedEvent): string {
  return event.streamId.slice('signature-'.length);
}

/** Pure: a request's signer rows after one event; the same array when the event is not newer. */
export function evolveSignerRows(rows: readonly SignerRow[], recorded: RecordedEvent): SignerRow[] {
  const event = { type: recorded.type, data: recorded.data } as SignatureEvent;
  const revision = recorded.revision.toString();
  if (event.type === 'SignatureRequested') {
    if (rows.length > 0) return rows as SignerRow[];
    const request = event.data;
    return request.signers.map((signer, position) => ({
      request_id: request.requestId,
      signer_id: signer.signerId,
      signer_position: position,
      kind: signer.kind,
      share_id: signer.shareId,
      document_id: request.documentId,
      version_number: request.versionNumber,
      document_sha256: request.documentSha256,
      requester_id: request.requesterId,
      requested_at: request.requestedAt,
      due_at: request.dueAt,
      signed_at: null,
      intent: null,
      key_id: null,
      completed_at: null,
      last_revision: revision,
    }));
  }
  if (rows.length === 0 || BigInt(rows[0].last_revision) >= recorded.revision) return rows as SignerRow[];
  switch (event.type) {
    case 'DocumentSigned': {
      const { signerId, signedAt, intent, keyId } = event.data;
      return rows.map((row) =>
        row.signer_id === signerId
          ? { ...row, signed_at: signedAt, intent, key_id: keyId, last_revision: revision }
          : { ...row, last_revision: revision },
      );
    }
    case 'SignatureRequestCompleted':
      return rows.map((row) => ({ ...row, completed_at: event.data.completedAt, last_revision: revision }));
  }
}
