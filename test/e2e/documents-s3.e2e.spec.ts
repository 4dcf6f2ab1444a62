import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { integrityAlarmsResponseSchema, versionResponseSchema } from '../../src/documents/http/documents.responses';
import { blobKey } from '../../src/documents/blobs/s3-blob-store';
import { S3ObjectClient } from '../../src/documents/blobs/s3/s3-object-client';
import { binaryBody, pdfBytes, upload, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json, rowsOf } from '../support/json';
import { objectContaining } from '../support/matchers';
import { startS3Fake, type TestS3Server } from '../support/s3-fake/s3-fake-server';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('documents with BLOB_STORE=s3: the app keeps content in an S3-compatible bucket', () => {
  let s3: TestS3Server;
  let app: TestApp;
  let alice: TestUser;
  let bucket: S3ObjectClient;

  beforeAll(async () => {
    s3 = await startS3Fake();
    app = await startTestApp({ env: { ...s3.env, INTEGRITY_CHECK_ON_START: 'false' } });
    alice = await signUp(app);
    bucket = new S3ObjectClient({
      endpoint: new URL(s3.endpoint),
      region: 'us-east-1',
      bucket: s3.bucket,
      forcePathStyle: true,
      ...s3.credentials,
    });
  });
  afterAll(async () => {
    await closeIfStarted(app);
    await closeIfStarted(s3);
  });

  const download = (documentId: string) =>
    request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(alice.auth).buffer(true).parse(binaryBody);

  it('stores an upload as the object sha256/<hex>, not in PostgreSQL, and serves it back', async () => {
    const content = pdfBytes('kept in the bucket');
    const { documentId } = json(await upload(app, alice, { content }).expect(201), versionResponseSchema);
    const object = await bucket.getObject(blobKey(sha256(content)));
    expect(object && Buffer.compare(object.content, content)).toBe(0);
    const rows = rowsOf(
      await app.database.pool.query('select count(*)::int as count from document_blobs where sha256 = $1', [
        sha256(content),
      ]),
      z.object({ count: z.number() }),
    );
    expect(rows).toEqual([{ count: 0 }]);
    const served = await download(documentId).expect(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(served.body as Buffer, content)).toBe(0);
  });

  it('writes one object for the same bytes uploaded by parallel writers', async () => {
    const content = pdfBytes('the same bytes, four times at once');
    const responses = await Promise.all(
      Array.from({ length: 4 }, (_, index) => upload(app, alice, { content, title: `copy ${index}` })),
    );
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    expect(s3.writesOf(blobKey(sha256(content)))).toBe(1);
  });

  it('never serves an object changed in the bucket: the read is an integrity alarm for compliance', async () => {
    const content = pdfBytes('to be changed in the bucket');
    const { documentId } = await uploadedDocument(app, alice, { content });
    const tampered = pdfBytes('changed in the bucket');
    await bucket.putObject(blobKey(sha256(content)), tampered, 'application/pdf', sha256(tampered));
    const refused = await request(app.baseUrl)
      .get(`/api/v1/documents/${documentId}/content`)
      .set(alice.auth)
      .expect(409);
    expect(errorOf(refused).error).toBe('CONTENT_INTEGRITY_FAILED');
    expect(refused.text).not.toContain('changed in the bucket');
    const officer = await signUp(app, { roles: ['compliance'], mfa: true });
    const alarms = await request(app.baseUrl).get('/api/v1/documents/integrity-alarms').set(officer.auth).expect(200);
    expect(json(alarms, integrityAlarmsResponseSchema).alarms).toContainEqual(
      objectContaining({ documentId, expectedSha256: sha256(content), actualSha256: sha256(tampered) }),
    );
  });

  it('answers 503 BLOB_STORE_UNAVAILABLE while the bucket is down, records nothing, and serves again after', async () => {
    const kept = pdfBytes('stored before the outage');
    const { documentId } = await uploadedDocument(app, alice, { content: kept });
    // Documents' events only: the sealer may sign a checkpoint meanwhile.
    const eventCount = async () =>
      rowsOf(
        await app.database.pool.query(`select count(*)::int as count from events where stream_id like 'document-%'`),
        z.object({ count: z.number() }),
      )[0].count;
    const before = await eventCount();
    s3.setUnavailable(true);
    try {
      const uploadRefused = await upload(app, alice, { content: pdfBytes('sent during the outage') }).expect(503);
      expect(errorOf(uploadRefused)).toMatchObject({ error: 'BLOB_STORE_UNAVAILABLE' });
      expect(uploadRefused.text).not.toContain(s3.endpoint);
      const readRefused = await request(app.baseUrl)
        .get(`/api/v1/documents/${documentId}/content`)
        .set(alice.auth)
        .expect(503);
      expect(errorOf(readRefused).error).toBe('BLOB_STORE_UNAVAILABLE');
      expect(await eventCount()).toBe(before);
      const alarms = await app.database.pool.query('select 1 from document_integrity_alarms where document_id = $1', [
        documentId,
      ]);
      expect(alarms.rowCount).toBe(0);
    } finally {
      s3.setUnavailable(false);
    }
    const served = await download(documentId).expect(200);
    expect(Buffer.compare(served.body as Buffer, kept)).toBe(0);
  });

  it('treats an object deleted from the bucket as an integrity alarm too', async () => {
    const content = pdfBytes('to be deleted from the bucket');
    const { documentId } = await uploadedDocument(app, alice, { content });
    await bucket.deleteObject(blobKey(sha256(content)));
    const refused = await request(app.baseUrl)
      .get(`/api/v1/documents/${documentId}/content`)
      .set(alice.auth)
      .expect(409);
    expect(errorOf(refused).error).toBe('CONTENT_INTEGRITY_FAILED');
    const events = rowsOf(
      await app.database.pool.query(`select type from events where stream_id = $1`, [`document-${documentId}`]),
      z.object({ type: z.string() }),
    );
    expect(events.map((event) => event.type)).toContain('DocumentIntegrityAlarmRaised');
  });
});
