import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureRequestsProjection } from '../../projections/documents/signature-requests.projection';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { liveTables } from '../../src/platform/projections/projection';
import { derivedId } from '../../src/shared-kernel/ids';
import type { TestDatabase } from '../support/database';
import { BOB, documentSigned, signatureRequested } from '../support/document-events';
import { expectRedeliveriesToEndAsOne } from '../support/projection-batches';
import { projectionDatabase } from '../support/projection-database';
import { closeIfStarted } from '../support/teardown';

const REQUEST_ID = derivedId('int', 'signature-request');
const CLIENT_SHARE = derivedId('int', 'client-share');
const SIGNED_AT = '2026-12-07T10:05:00.000Z';

describe('signature-requests projection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let events: RecordedEvent[];

  beforeAll(async () => {
    ({ database, events } = await projectionDatabase('signature_requests', signatureRequestsProjection, {
      [`signature-${REQUEST_ID}`]: [
        signatureRequested(REQUEST_ID, {
          signers: [
            { signerId: BOB, kind: 'user', shareId: null },
            { signerId: `share:${CLIENT_SHARE}`, kind: 'client', shareId: CLIENT_SHARE },
          ],
        }),
        documentSigned(REQUEST_ID, { signedAt: SIGNED_AT, intent: 'approve' }),
      ],
    }));
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
    await expectRedeliveriesToEndAsOne(database.ownerUrl, signatureRequestsProjection, events);
  });
});
