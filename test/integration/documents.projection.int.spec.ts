import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsProjection } from '../../projections/documents/documents.projection';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { derivedId } from '../../src/shared-kernel/ids';
import { liveTables } from '../../src/platform/projections/projection';
import type { TestDatabase } from '../support/database';
import {
  BOB,
  DOCUMENT_ID,
  OWNER,
  SHA_1,
  T0,
  documentSigned,
  registered,
  shared,
  versionAdded,
} from '../support/document-events';
import { expectRedeliveriesToEndAsOne } from '../support/projection-batches';
import { projectionDatabase } from '../support/projection-database';
import { closeIfStarted } from '../support/teardown';
import { z } from 'zod';

const REQUEST_ID = derivedId('int', 'signature-request');

describe('documents projection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let events: RecordedEvent[];

  beforeAll(async () => {
    ({ database, events } = await projectionDatabase('documents', documentsProjection, {
      [`document-${DOCUMENT_ID}`]: [
        registered(),
        versionAdded(),
        shared(),
        versionAdded(2, 'b'.repeat(64)),
        { type: 'DocumentArchived', data: { archivedAt: T0 } },
      ],
      [`signature-${REQUEST_ID}`]: [documentSigned(REQUEST_ID)],
    }));
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
    await expectRedeliveriesToEndAsOne(database.ownerUrl, documentsProjection, events);
  });
});
