import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentResponseSchema,
  statusResponseSchema,
  versionResponseSchema,
} from '../../src/documents/http/documents.responses';
import { DocumentRetentionService } from '../../src/documents/jobs/document-retention.service';
import { ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock } from '../support/clock';
import { pdfBytes } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

const DAY_MS = 86_400_000;

describe('a legal hold on a venture covers the documents filed under it', () => {
  const clock = testClock();
  let app: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let officer: TestUser;
  let ventureId: string;

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', DOCUMENT_RETENTION_DEFAULT_DAYS: '30' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    [alice, bob, officer] = await Promise.all([
      signUp(app),
      signUp(app),
      signUp(app, { roles: ['compliance'], mfa: true }),
    ]);
    ventureId = await newVenture(alice);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  async function newVenture(owner: TestUser): Promise<string> {
    const created = await request(app.baseUrl)
      .post('/api/v1/ventures')
      .set(owner.auth)
      .send({ name: `Held Co ${Math.random().toString(36).slice(2, 8)}` })
      .expect(201);
    return json(created, ventureCreatedSchema).ventureId;
  }

  function upload(owner: TestUser, venture: string | null) {
    const call = request(app.baseUrl)
      .post('/api/v1/documents')
      .set(owner.auth)
      .field('title', 'Shareholder agreement')
      .field('docType', 'contract');
    return (venture === null ? call : call.field('ventureId', venture)).attach(
      'file',
      pdfBytes(`venture ${Math.random()}`),
      'agreement.pdf',
    );
  }

  async function ventureDocument(): Promise<string> {
    return json(await upload(alice, ventureId).expect(201), versionResponseSchema).documentId;
  }

  async function holdVenture(): Promise<string> {
    const placed = await request(app.baseUrl)
      .post('/api/v1/legal-holds')
      .set(officer.auth)
      .send({ scope: 'venture', scopeId: ventureId, reason: 'Dispute among founders', caseRef: 'CASE-V-1' })
      .expect(201);
    return (placed.body as { holdId: string }).holdId;
  }

  const release = (holdId: string) =>
    request(app.baseUrl).post(`/api/v1/legal-holds/${holdId}/release`).set(officer.auth).send({}).expect(200);

  const named = (holdId: string) => ({
    error: 'LEGAL_HOLD',
    details: { holdId, scope: 'venture', scopeId: ventureId },
  });

  async function retentionAfter(laterMs: number) {
    await app.waitForProjections();
    clock.advance(laterMs);
    try {
      return await app.app.get(DocumentRetentionService).runNow();
    } finally {
      clock.advance(-laterMs);
    }
  }

  it("files a document under the uploader's own venture, and only there", async () => {
    const documentId = await ventureDocument();
    const shown = await request(app.baseUrl).get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200);
    expect(json(shown, documentResponseSchema).ventureId).toBe(ventureId);

    expect(errorOf(await upload(bob, ventureId).expect(403)).error).toBe('NOT_VENTURE_OWNER');
    expect(errorOf(await upload(alice, '00000000-0000-4000-8000-0000000000ff').expect(404)).error).toBe(
      'VENTURE_NOT_FOUND',
    );
    expect(errorOf(await upload(alice, 'not-a-venture').expect(400)).error).toBe('VALIDATION_FAILED');
  });

  it('refuses archiving under the hold, names it on the document, and allows it after release', async () => {
    const documentId = await ventureDocument();
    const holdId = await holdVenture();
    const archive = () => request(app.baseUrl).post(`/api/v1/documents/${documentId}/archive`).set(alice.auth).send({});
    expect((await archive().expect(409)).body).toMatchObject(named(holdId));
    const shown = json(
      await request(app.baseUrl).get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200),
      documentResponseSchema,
    );
    expect(shown.legalHolds).toEqual([expect.objectContaining({ holdId, scope: 'venture', scopeId: ventureId })]);
    await release(holdId);
    expect(json(await archive().expect(200), statusResponseSchema).status).toBe('ARCHIVED');
  });

  it('refuses deletion under the hold and allows it after release; a document outside the venture is not held', async () => {
    const documentId = await ventureDocument();
    const outside = json(await upload(alice, null).expect(201), versionResponseSchema).documentId;
    const holdId = await holdVenture();
    const remove = (id: string) => request(app.baseUrl).delete(`/api/v1/documents/${id}`).set(alice.auth);
    expect((await remove(documentId).expect(409)).body).toMatchObject(named(holdId));
    await remove(outside).expect(200);
    await release(holdId);
    await remove(documentId).expect(200);
  });

  it('holds back the expiry clean-up of shares and the purge after retention until release', async () => {
    const documentId = await ventureDocument();
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/share`)
      .set(alice.auth)
      .send({ toUserId: bob.userId, canView: true, expiresAt: new Date(clock.now().getTime() + DAY_MS).toISOString() })
      .expect(201);
    const holdId = await holdVenture();

    const held = await retentionAfter(31 * DAY_MS);
    expect(held?.held).toEqual(
      expect.arrayContaining([
        { documentId, holdId, action: 'share-expiry' },
        { documentId, holdId, action: 'purge' },
      ]),
    );
    expect(held?.purged).not.toContain(documentId);
    expect(held?.sharesExpired).not.toContain(documentId);

    await release(holdId);
    const after = await retentionAfter(31 * DAY_MS);
    expect(after?.sharesExpired).toContain(documentId);
    expect(after?.purged).toContain(documentId);
  });
});
