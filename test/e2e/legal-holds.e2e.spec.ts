import { createHash } from 'node:crypto';
import request from 'supertest';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientIdSchema, clientsSchema, endedSchema } from '../../src/documents/http/clients.controller';
import { documentResponseSchema, statusResponseSchema } from '../../src/documents/http/documents.responses';
import { holdPlacedSchema, holdsSchema } from '../../src/documents/http/legal-holds.controller';
import { DocumentRetentionService } from '../../src/documents/jobs/document-retention.service';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock, type TestClock } from '../support/clock';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { anyString, objectContaining } from '../support/matchers';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

const DAY_MS = 86_400_000;

describe('legal holds block archive, deletion, share clean-up, purge and erasure, until released', () => {
  let app: TestApp;
  let clock: TestClock;
  let alice: TestUser;
  let officer: TestUser;

  beforeAll(async () => {
    clock = testClock();
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', DOCUMENT_RETENTION_DEFAULT_DAYS: '30' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    [alice, officer] = await Promise.all([signUp(app), signUp(app, { roles: ['compliance'], mfa: true })]);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  async function hold(scope: string, scopeId: string): Promise<string> {
    const placed = await request(app.baseUrl)
      .post('/api/v1/legal-holds')
      .set(officer.auth)
      .send({ scope, scopeId, reason: 'Litigation about the supply contract', caseRef: 'CASE-2026-17' })
      .expect(201);
    return json(placed, holdPlacedSchema).holdId;
  }
  const release = (holdId: string) =>
    request(app.baseUrl).post(`/api/v1/legal-holds/${holdId}/release`).set(officer.auth).send({}).expect(200);
  /** Runs the retention job as if `laterMs` had passed, then returns to now, where the test's sessions are still valid. */
  async function runRetentionAfter(laterMs: number) {
    // The job finds its candidates in the directory read model.
    await app.waitForProjections();
    clock.advance(laterMs);
    try {
      return await app.app.get(DocumentRetentionService).runNow();
    } finally {
      clock.advance(-laterMs);
    }
  }

  it('archiving, while a hold on the document stands', async () => {
    const { documentId } = await uploadedDocument(app, alice);
    const holdId = await hold('document', documentId);
    const refused = await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/archive`)
      .set(alice.auth)
      .send({})
      .expect(409);
    expect(refused.body).toMatchObject({
      error: 'LEGAL_HOLD',
      details: { holdId, scope: 'document', scopeId: documentId },
    });
    const shown = await request(app.baseUrl).get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200);
    expect(json(shown, documentResponseSchema).legalHolds).toEqual([objectContaining({ holdId })]);
    await release(holdId);
    const archived = await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/archive`)
      .set(alice.auth)
      .send({})
      .expect(200);
    expect(json(archived, statusResponseSchema).status).toBe('ARCHIVED');
  });

  it('deletion, while a hold on the owner stands', async () => {
    const { documentId } = await uploadedDocument(app, alice);
    const holdId = await hold('user', alice.userId);
    expect(
      errorOf(await request(app.baseUrl).delete(`/api/v1/documents/${documentId}`).set(alice.auth).expect(409)).details
        .holdId,
    ).toBe(holdId);
    await release(holdId);
    const deleted = await request(app.baseUrl).delete(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200);
    expect(json(deleted, statusResponseSchema).status).toBe('DELETED');
  });

  it('the expiry clean-up of shares, and the purge after retention', async () => {
    const bob = await signUp(app);
    const content = pdfBytes('kept for thirty days');
    const { documentId } = await uploadedDocument(app, alice, { content });
    const expiresAt = new Date(clock.now().getTime() + DAY_MS).toISOString();
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({ toUserId: bob.userId, canView: true, expiresAt })
      .expect(201);
    const holdId = await hold('document', documentId);
    const held = await runRetentionAfter(31 * DAY_MS);
    expect(held?.held).toEqual(
      expect.arrayContaining([
        { documentId, holdId, action: 'share-expiry' },
        { documentId, holdId, action: 'purge' },
      ]),
    );
    expect(held?.purged).not.toContain(documentId);
    await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(alice.auth).expect(200);
    await release(holdId);
    const report = await runRetentionAfter(31 * DAY_MS);
    expect(report?.sharesExpired).toContain(documentId);
    expect(report?.purged).toContain(documentId);
    const purgedEvents = rowsOf(
      await app.database.pool.query(`select data from events where stream_id = $1 and type = 'DocumentPurged'`, [
        `document-${documentId}`,
      ]),
      z.object({ data: storedJsonObject }),
    );
    expect(present(purgedEvents[0], 'the DocumentPurged event').data.sha256s).toEqual([
      createHash('sha256').update(content).digest('hex'),
    ]);
    const blobs = await app.database.pool.query('select count(*)::int as count from document_blobs where sha256 = $1', [
      createHash('sha256').update(content).digest('hex'),
    ]);
    expect(rowsOf(blobs, z.object({ count: z.number() }))).toEqual([{ count: 0 }]);
    expect(
      errorOf(await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(alice.auth).expect(410))
        .error,
    ).toBe('CONTENT_PURGED');
  });

  it('erasure of a client’s personal data, while a hold on the client stands', async () => {
    const added = await request(app.baseUrl)
      .post('/api/v1/clients')
      .set(alice.auth)
      .send({ name: 'Ada Client', email: 'ada@client.example', phone: '+44 20 7946 0000', tags: ['vip'] })
      .expect(201);
    const { clientId } = json(added, clientIdSchema);
    const holdId = await hold('client', clientId);
    expect(
      errorOf(await request(app.baseUrl).post(`/api/v1/clients/${clientId}/erase`).set(alice.auth).send({}).expect(409))
        .details.holdId,
    ).toBe(holdId);
    await release(holdId);
    const erased = await request(app.baseUrl)
      .post(`/api/v1/clients/${clientId}/erase`)
      .set(alice.auth)
      .send({})
      .expect(200);
    expect(json(erased, endedSchema)).toEqual({ clientId, archived: false, erased: true });
    const listed = await request(app.baseUrl).get('/api/v1/clients').set(alice.auth).expect(200);
    expect(json(listed, clientsSchema).clients.find((client) => client.clientId === clientId)).toMatchObject({
      name: '',
      email: null,
      phone: null,
      tags: [],
      erasedAt: anyString,
    });
  });

  it('is compliance’s to place, and lists each hold with its reason', async () => {
    const { documentId } = await uploadedDocument(app, alice);
    const refused = await request(app.baseUrl)
      .post('/api/v1/legal-holds')
      .set(alice.auth)
      .send({ scope: 'document', scopeId: documentId, reason: 'mine', caseRef: 'X' })
      .expect(403);
    expect(errorOf(refused).error).toBe('FORBIDDEN');
    const holdId = await hold('document', documentId);
    const listed = await request(app.baseUrl).get('/api/v1/legal-holds').set(officer.auth).expect(200);
    expect(json(listed, holdsSchema).holds).toContainEqual(
      objectContaining({
        holdId,
        scope: 'document',
        scopeId: documentId,
        caseRef: 'CASE-2026-17',
        releasedAt: null,
      }),
    );
    await release(holdId);
    expect(
      errorOf(
        await request(app.baseUrl).post(`/api/v1/legal-holds/${holdId}/release`).set(officer.auth).send({}).expect(409),
      ).error,
    ).toBe('HOLD_RELEASED');
  });
});
