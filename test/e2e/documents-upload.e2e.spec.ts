import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  documentResponseSchema,
  integrityAlarmsResponseSchema,
  versionResponseSchema,
} from '../../src/documents/http/documents.responses';
import { loginResponseSchema } from '../../src/identity/http/identity.responses';
import { binaryBody, executableBytes, pdfBytes, upload, uploadedDocument } from '../support/documents';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf } from '../support/json';
import { anyString, objectContaining } from '../support/matchers';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const countRow = z.object({ count: z.number() });
const MAX_UPLOAD_BYTES = 4096;

describe('document uploads: sniffing, the size limit, versions and the hash re-check', () => {
  let app: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', DOCUMENT_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
    });
    alice = await signUp(app);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('stores a PDF under the SHA-256 of its bytes and records the hash in the log', async () => {
    const content = pdfBytes('stored');
    const uploaded = await upload(app, alice, { content }).expect(201);
    expect(uploaded.body).toEqual({
      documentId: anyString,
      versionNumber: 1,
      sha256: sha256(content),
      sizeBytes: content.length,
      mediaType: 'application/pdf',
    });
    const { documentId } = json(uploaded, versionResponseSchema);
    const events = rowsOf(
      await app.database.pool.query(`select type, data from events where stream_id = $1 order by revision`, [
        `document-${documentId}`,
      ]),
      z.object({ type: z.string(), data: z.string() }),
    );
    expect(events.map((event) => event.type)).toEqual(['DocumentRegistered', 'DocumentVersionAdded']);
    expect(present(events[1], 'the DocumentVersionAdded event').data).toContain(sha256(content));
    const download = await request(app.baseUrl)
      .get(`/api/v1/documents/${documentId}/content`)
      .set(alice.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(download.body as Buffer, content)).toBe(0);
  });

  it('refuses an executable named .pdf with 415, by its bytes, whatever the claimed type', async () => {
    const response = await upload(app, alice, { content: executableBytes(), fileName: 'invoice.pdf' }).expect(415);
    expect(errorOf(response).error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses a file over the configured limit with 413, and stores nothing', async () => {
    const before = rowsOf(await app.database.pool.query('select count(*)::int as count from document_blobs'), countRow);
    const response = await upload(app, alice, {
      content: Buffer.concat([pdfBytes(), Buffer.alloc(MAX_UPLOAD_BYTES, 0x20)]),
    }).expect(413);
    expect(response.body).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', details: { maxBytes: MAX_UPLOAD_BYTES } });
    const after = rowsOf(await app.database.pool.query('select count(*)::int as count from document_blobs'), countRow);
    expect(after).toEqual(before);
  });

  it('takes only multipart on the upload route, and JSON only elsewhere', async () => {
    const jsonUpload = await request(app.baseUrl)
      .post('/api/v1/documents')
      .set(alice.auth)
      .send({ title: 'x', docType: 'contract' })
      .expect(415);
    expect(errorOf(jsonUpload).details.accepted).toEqual(['multipart/form-data']);
    const { documentId } = await uploadedDocument(app, alice);
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/archive`)
      .set(alice.auth)
      .field('x', 'y')
      .expect(415);
  });

  it('keeps the cross-site and CSRF checks on the multipart upload route', async () => {
    const login = await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: alice.email, password: PASSWORD, session: 'cookie' })
      .expect(200);
    const session = json(login, loginResponseSchema);
    if (!('csrfToken' in session)) throw new Error('a cookie sign-in answered without a CSRF token');
    const { csrfToken } = session;
    const cookies = (login.headers['set-cookie'] as unknown as string[])
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const fromCookies = (headers: Record<string, string>) =>
      upload(app, { ...alice, auth: {} as never }, { headers: { Cookie: cookies, ...headers } });
    expect(errorOf(await fromCookies({}).expect(403)).error).toBe('CSRF_TOKEN_MISSING');
    expect(
      errorOf(await fromCookies({ Origin: 'https://evil.example', 'X-CSRF-Token': csrfToken }).expect(403)).error,
    ).toBe('CROSS_SITE_REQUEST');
    expect(
      errorOf(await fromCookies({ 'Sec-Fetch-Site': 'cross-site', 'X-CSRF-Token': csrfToken }).expect(403)).error,
    ).toBe('CROSS_SITE_REQUEST');
    await fromCookies({ Origin: app.baseUrl, 'X-CSRF-Token': csrfToken }).expect(201);
  });

  it('keeps every version with its hash; the latest is served unless another is asked for', async () => {
    const first = pdfBytes('first');
    const second = Buffer.from('# Minutes\n\nSecond version, in Markdown.\n');
    const { documentId } = await uploadedDocument(app, alice, { content: first });
    const added = await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/versions`)
      .set(alice.auth)
      .attach('file', second, 'minutes.md')
      .expect(201);
    expect(json(added, versionResponseSchema)).toMatchObject({
      versionNumber: 2,
      sha256: sha256(second),
      mediaType: 'text/markdown',
    });
    const document = await request(app.baseUrl).get(`/api/v1/documents/${documentId}`).set(alice.auth).expect(200);
    expect(json(document, documentResponseSchema).versions.map((version) => version.sha256)).toEqual([
      sha256(first),
      sha256(second),
    ]);
    const old = await request(app.baseUrl)
      .get(`/api/v1/documents/${documentId}/content?version=1`)
      .set(alice.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(sha256(old.body as Buffer)).toBe(sha256(first));
  });

  it('never serves content whose bytes no longer match their hash: the read is an integrity alarm for compliance', async () => {
    const content = pdfBytes('to be corrupted');
    const { documentId } = await uploadedDocument(app, alice, { content });
    await app.database.pool.query(`update document_blobs set content = $1 where sha256 = $2`, [
      pdfBytes('tampered'),
      sha256(content),
    ]);
    const refused = await request(app.baseUrl)
      .get(`/api/v1/documents/${documentId}/content`)
      .set(alice.auth)
      .expect(409);
    expect(errorOf(refused).error).toBe('CONTENT_INTEGRITY_FAILED');
    expect(refused.text).not.toContain('tampered');
    const officer = await signUp(app, { roles: ['compliance'], mfa: true });
    const alarms = await request(app.baseUrl).get('/api/v1/documents/integrity-alarms').set(officer.auth).expect(200);
    expect(json(alarms, integrityAlarmsResponseSchema).alarms).toContainEqual(
      objectContaining({
        documentId,
        expectedSha256: sha256(content),
        actualSha256: sha256(pdfBytes('tampered')),
      }),
    );
    const types = rowsOf(
      await app.database.pool.query(`select type from events where stream_id = $1`, [`document-${documentId}`]),
      z.object({ type: z.string() }),
    ).map((event) => event.type);
    expect(types).toContain('DocumentIntegrityAlarmRaised');
    expect(types).not.toContain('DocumentViewed');
  });

  it('stores content uploaded by parallel writers once', async () => {
    const content = pdfBytes('the same bytes, eight times at once');
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) => upload(app, alice, { content, title: `copy ${index}` })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
    expect(new Set(responses.map((response) => json(response, versionResponseSchema).documentId)).size).toBe(8);
    const blobs = rowsOf(
      await app.database.pool.query('select count(*)::int as count from document_blobs where sha256 = $1', [
        sha256(content),
      ]),
      countRow,
    );
    expect(blobs).toEqual([{ count: 1 }]);
  });

  it('answers a retried upload (same Idempotency-Key) with the first document', async () => {
    const headers = { 'Idempotency-Key': 'upload-retry-0001' };
    const first = await upload(app, alice, { headers }).expect(201);
    const again = await upload(app, alice, { headers }).expect(201);
    expect(json(again, versionResponseSchema).documentId).toBe(json(first, versionResponseSchema).documentId);
    const other = await upload(app, alice, { headers, content: pdfBytes('different') }).expect(409);
    expect(errorOf(other).error).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('hides a document from members it was not shared with', async () => {
    const { documentId } = await uploadedDocument(app, alice);
    const mallory = await signUp(app);
    expect(
      errorOf(await request(app.baseUrl).get(`/api/v1/documents/${documentId}`).set(mallory.auth).expect(404)).error,
    ).toBe('DOCUMENT_NOT_FOUND');
    expect(
      errorOf(await request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(mallory.auth).expect(404))
        .error,
    ).toBe('DOCUMENT_NOT_FOUND');
  });
});
