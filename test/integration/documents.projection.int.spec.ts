import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsProjection } from '../../projections/documents/documents.projection';
import type { DocumentEvent } from '../../src/documents/domain/document.events';
import type { SignatureEvent } from '../../src/documents/domain/signature.events';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { derivedId } from '../../src/shared-kernel/ids';
import { handledEvents, liveTables } from '../../src/platform/projections/projection';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { BOB, DOCUMENT_ID, OWNER, SHA_1, T0, registered, shared, versionAdded } from '../support/document-events';
import { metadata } from '../support/events';
import { wholeFeed } from '../support/feed';
import { redeliveries, rowsAfterBatches, tableRows } from '../support/projection-batches';
import { closeIfStarted } from '../support/teardown';
import { z } from 'zod';

const REQUEST_ID = derivedId('int', 'signature-request');

describe('documents projection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let events: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase('documents');
    const store = new PostgresEventStore(database.pool);
    const append = (streamId: string, history: (DocumentEvent | SignatureEvent)[]) =>
      store.append(
        streamId,
        history.map((event, index) => ({
          eventId: derivedId(streamId, String(index)),
          type: event.type,
          data: event.data,
          metadata: metadata(),
        })),
        { expectedRevision: 'no_stream' },
      );
    await append(`document-${DOCUMENT_ID}`, [
      registered(),
      versionAdded(),
      shared(),
      versionAdded(2, 'b'.repeat(64)),
      { type: 'DocumentArchived', data: { archivedAt: T0 } },
    ]);
    await append(`signature-${REQUEST_ID}`, [
      {
        type: 'DocumentSigned',
        data: {
          requestId: REQUEST_ID,
          documentId: DOCUMENT_ID,
          documentSha256: SHA_1,
          signerId: BOB,
          keyId: 'c'.repeat(64),
          publicKeyHex: '04ab',
          statement: '{}',
          signatureHex: 'd'.repeat(128),
          signedAt: T0,
          intent: 'sign',
        },
      },
    ]);
    events = handledEvents(documentsProjection, await wholeFeed(store, database.pool));
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  const apply = (batch: RecordedEvent[]) =>
    database.knex.transaction((trx) => documentsProjection.apply(trx, batch, liveTables(documentsProjection)));

  it('keeps each document with its owner, sharers, status and latest hash, and each signature by the document hash', async () => {
    await apply(events);
    const [row] = z.array(z.unknown()).parse(await database.knex('document_directory').select('*'));
    expect(row).toMatchObject({
      document_id: DOCUMENT_ID,
      owner_id: OWNER,
      status: 'ARCHIVED',
      version_count: 2,
      latest_sha256: 'b'.repeat(64),
      shared_with: [BOB],
      last_revision: '4',
    });
    expect(await database.knex('signature_records').where({ document_sha256: SHA_1 }).pluck('signer_id')).toEqual([
      BOB,
    ]);
  });

  it('ends exactly as one delivery, however the feed redelivers', async () => {
    const owner: Knex = knexFactory({ client: 'pg', connection: database.ownerUrl, pool: { min: 0, max: 2 } });
    try {
      const once = await tableRows(owner, liveTables(documentsProjection));
      for (const [index, [name, batches]] of Object.entries(redeliveries(events)).entries()) {
        expect(await rowsAfterBatches(owner, documentsProjection, batches, `redelivery_${index}`), name).toEqual(once);
      }
    } finally {
      await owner.destroy();
    }
  });
});
