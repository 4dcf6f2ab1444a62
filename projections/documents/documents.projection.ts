import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { rowsByKey, upsertRows } from '../../src/platform/projections/projection-rows';
import type { Projection, TableNames } from '../../src/platform/projections/projection';
import type { DocumentEvent } from '../../src/documents/domain/document.events';
import type { DocumentSignedData } from '../../src/documents/domain/signature.events';

export interface DirectoryRow {
  document_id: string;
  owner_id: string;
  doc_type: string;
  status: string;
  version_count: number;
  latest_sha256: string;
  /** Users the document was ever shared with (they see it listed; the share decides what they may do). */
  shared_with: string[];
  registered_at: string;
  retain_until: string;
  last_revision: string;
}

const DIRECTORY_EVENTS = [
  'DocumentRegistered',
  'DocumentVersionAdded',
  'DocumentShared',
  'DocumentArchived',
  'DocumentDeleted',
  'DocumentPurged',
];

/**
 * `document_directory` (one row per document: who owns it, who it was shared with, its status and
 * latest hash) and `signature_records` (every DocumentSigned, found by the document's SHA-256 for
 * the public verify page). A directory row only takes an event newer than its last_revision, and
 * signature records are insert-only by event id, so a redelivered event changes nothing.
 */
export const documentsProjection: Projection = {
  name: 'documents',
  tables: ['document_directory', 'signature_records'],
  canHandle: [...DIRECTORY_EVENTS, 'DocumentSigned'],
  async apply(transaction, events, tables) {
    await applyDirectory(
      transaction,
      events.filter((event) => event.type !== 'DocumentSigned'),
      tables,
    );
    await upsertRows(
      transaction,
      tables.signature_records,
      events.filter((event) => event.type === 'DocumentSigned').map(signatureRow),
      { conflictColumns: ['event_id'], insertOnly: true },
    );
  },
};

async function applyDirectory(
  transaction: Knex.Transaction,
  events: readonly RecordedEvent[],
  tables: TableNames,
): Promise<void> {
  if (events.length === 0) return;
  const ids = events.map((event) => event.streamId.slice('document-'.length));
  const stored = await rowsByKey<DirectoryRow>(transaction, tables.document_directory, 'document_id', 'uuid', ids);
  const before = new Map(stored.map((row) => [row.document_id, row]));
  const after = new Map(before);
  for (const event of events) {
    const documentId = event.streamId.slice('document-'.length);
    const row = evolveDirectoryRow(after.get(documentId), event);
    if (row) after.set(documentId, row);
  }
  const changed = [...after.values()].filter((row) => row !== before.get(row.document_id));
  await upsertRows(transaction, tables.document_directory, changed, {
    conflictColumns: ['document_id'],
    newerBy: 'last_revision',
  });
}

/** Pure: the row after one event; the same row when it has taken that revision already. */
export function evolveDirectoryRow(row: DirectoryRow | undefined, recorded: RecordedEvent): DirectoryRow | undefined {
  const event = { type: recorded.type, data: recorded.data } as DocumentEvent;
  const revision = recorded.revision.toString();
  if (event.type === 'DocumentRegistered') {
    if (row) return row;
    const { documentId, ownerId, docType, registeredAt, retainUntil } = event.data;
    return {
      document_id: documentId,
      owner_id: ownerId,
      doc_type: docType,
      status: 'ACTIVE',
      version_count: 0,
      latest_sha256: '',
      shared_with: [],
      registered_at: registeredAt,
      retain_until: retainUntil,
      last_revision: revision,
    };
  }
  if (!row || BigInt(row.last_revision) >= recorded.revision) return row;
  const next = { ...row, last_revision: revision };
  switch (event.type) {
    case 'DocumentVersionAdded':
      return { ...next, version_count: event.data.versionNumber, latest_sha256: event.data.sha256 };
    case 'DocumentShared':
      return event.data.toUserId && !row.shared_with.includes(event.data.toUserId)
        ? { ...next, shared_with: [...row.shared_with, event.data.toUserId] }
        : next;
    case 'DocumentArchived':
      return { ...next, status: 'ARCHIVED' };
    case 'DocumentDeleted':
      return { ...next, status: 'DELETED' };
    case 'DocumentPurged':
      return { ...next, status: 'PURGED' };
    default:
      return next;
  }
}

function signatureRow(recorded: RecordedEvent) {
  const data = recorded.data as DocumentSignedData;
  return {
    event_id: recorded.eventId,
    request_id: data.requestId,
    document_id: data.documentId,
    document_sha256: data.documentSha256,
    signer_id: data.signerId,
    key_id: data.keyId,
    public_key_hex: data.publicKeyHex,
    statement: data.statement,
    signature_hex: data.signatureHex,
    signed_at: data.signedAt,
  };
}
