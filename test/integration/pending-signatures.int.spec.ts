import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureRequestsProjection } from '../../projections/documents/signature-requests.projection';
import { pendingSignatures } from '../../src/documents/documents.contract';
import { liveTables } from '../../src/platform/projections/projection';
import { derivedId } from '../../src/shared-kernel/ids';
import type { TestDatabase } from '../support/database';
import { BOB, DOCUMENT_ID, OWNER, documentSigned, signatureRequested } from '../support/document-events';
import { projectionDatabase } from '../support/projection-database';
import { closeIfStarted } from '../support/teardown';

const [OVERDUE, OPEN, NEWEST, SIGNED, OWNERS] = ['overdue', 'open', 'newest', 'signed', 'owners'].map((name) =>
  derivedId('int', 'pending', name),
);

/** What the dashboard's "signature requests" read through the documents contract (the inbox's section). */
describe('pendingSignatures: the requests a signer has still to sign (real PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    const stream = (requestId: string) => `signature-${requestId}`;
    const built = await projectionDatabase('pending_signatures', signatureRequestsProjection, {
      [stream(SIGNED)]: [
        signatureRequested(SIGNED, { requestedAt: '2025-11-01T10:00:00.000Z' }),
        documentSigned(SIGNED, { signedAt: '2025-11-02T10:00:00.000Z' }),
      ],
      [stream(NEWEST)]: [signatureRequested(NEWEST, { requestedAt: '2026-12-07T11:00:00.000Z' })],
      [stream(OVERDUE)]: [
        signatureRequested(OVERDUE, {
          requestedAt: '2025-12-01T10:00:00.000Z',
          dueAt: '2025-12-31T10:00:00.000Z',
        }),
      ],
      [stream(OPEN)]: [signatureRequested(OPEN, { requestedAt: '2026-12-07T10:00:00.000Z' })],
      [stream(OWNERS)]: [signatureRequested(OWNERS, { signers: [{ signerId: OWNER, kind: 'user', shareId: null }] })],
    });
    database = built.database;
    await database.knex.transaction((trx) =>
      signatureRequestsProjection.apply(trx, built.events, liveTables(signatureRequestsProjection)),
    );
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  it('counts the unsigned ones, past due included, and lists the oldest first up to the limit', async () => {
    expect(await pendingSignatures(database.knex, BOB, 2)).toEqual({
      count: 3,
      items: [
        {
          requestId: OVERDUE,
          documentId: DOCUMENT_ID,
          dueAt: '2025-12-31T10:00:00.000Z',
          requestedAt: '2025-12-01T10:00:00.000Z',
        },
        { requestId: OPEN, documentId: DOCUMENT_ID, dueAt: null, requestedAt: '2026-12-07T10:00:00.000Z' },
      ],
    });
  });

  it("lists only the signer's own requests", async () => {
    const owners = await pendingSignatures(database.knex, OWNER, 5);
    expect(owners.items.map((item) => item.requestId)).toEqual([OWNERS]);
    expect(await pendingSignatures(database.knex, derivedId('int', 'pending', 'nobody'), 5)).toEqual({
      count: 0,
      items: [],
    });
  });
});
