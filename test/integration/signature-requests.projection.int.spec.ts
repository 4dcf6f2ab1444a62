import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureRequestsProjection } from '../../projections/documents/signature-requests.projection';
import type { SignatureEvent } from '../../src/documents/domain/signature.events';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { handledEvents, liveTables } from '../../src/platform/projections/projection';
import { derivedId } from '../../src/shared-kernel/ids';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { BOB, DOCUMENT_ID, OWNER, SHA_1, T0 } from '../support/document-events';
import { metadata } from '../support/events';
import { wholeFeed } from '../support/feed';
import { redeliveries, rowsAfterBatches, tableRows } from '../support/projection-batches';
import { closeIfStarted } from '../support/teardown';

const REQUEST_ID = derivedId('int', 'signature-request');
const CLIENT_SHARE = derivedId('int', 'client-share');
const SIGNED_AT = '2026-12-07T10:05:00.000Z';

describe('signature-requests projection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let events: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase('signature_requests');
    const store = new PostgresEventStore(database.pool);
    const history: SignatureEvent[] = [
      {
        type: 'SignatureRequested',
        data: {
          requestId: REQUEST_ID,
          documentId: DOCUMENT_ID,
          versionNumber: 1,
          documentSha256: SHA_1,
          requesterId: OWNER,
          signers: [
            { signerId: BOB, kind: 'user', shareId: null },
            { signerId: `share:${CLIENT_SHARE}`, kind: 'client', shareId: CLIENT_SHARE },
          ],
          dueAt: null,
          requestedAt: T0,
        },
      },
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
          signedAt: SIGNED_AT,
          intent: 'approve',
        },
      },
    ];
    await store.append(
      `signature-${REQUEST_ID}`,
      history.map((event, index) => ({
        eventId: derivedId(REQUEST_ID, String(index)),
        type: event.type,
        data: event.data,
        metadata: metadata(),
      })),
      { expectedRevision: 'no_stream' },
    );
    events = handledEvents(signatureRequestsProjection, await wholeFeed(store, database.pool));
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  it('keeps one row per signer with the request, who signed when, and who has not', async () => {
    await database.knex.transaction((trx) =>
      signatureRequestsProjection.apply(trx, events, liveTables(signatureRequestsProjection)),
    );
    const rows = await database.knex('signature_request_signers').orderBy('signer_position').select('*');
    expect(rows).toMatchObject([
      { request_id: REQUEST_ID, signer_id: BOB, kind: 'user', intent: 'approve', key_id: 'c'.repeat(64) },
      { signer_id: `share:${CLIENT_SHARE}`, kind: 'client', share_id: CLIENT_SHARE, signed_at: null, intent: null },
    ]);
    expect(rows.map((row: { signed_at: Date | null }) => row.signed_at?.toISOString() ?? null)).toEqual([
      SIGNED_AT,
      null,
    ]);
  });

  it('ends exactly as one delivery, however the feed redelivers', async () => {
    const owner: Knex = knexFactory({ client: 'pg', connection: database.ownerUrl, pool: { min: 0, max: 2 } });
    try {
      const once = await tableRows(owner, liveTables(signatureRequestsProjection));
      for (const [index, [name, batches]] of Object.entries(redeliveries(events)).entries()) {
        expect(
          await rowsAfterBatches(owner, signatureRequestsProjection, batches, `redelivery_${index}`),
          name,
        ).toEqual(once);
      }
    } finally {
      await owner.destroy();
    }
  });
});
