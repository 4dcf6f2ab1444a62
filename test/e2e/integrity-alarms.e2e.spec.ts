import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { integrityAlarmsResponseSchema } from '../../src/documents/http/documents.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock, type TestClock } from '../support/clock';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signIn, signUp, type TestUser } from '../support/identity';
import { errorOf, json, rowsOf } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

// Less than the access token lives (15 min), so the test users stay signed in.
const LATER_MS = 60_000;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('integrity alarms: each refused read counted, listed for compliance and admins only', () => {
  let app: TestApp;
  let clock: TestClock;
  let alice: TestUser;
  let officer: TestUser;
  let admin: TestUser;
  let auditor: TestUser;

  beforeAll(async () => {
    clock = testClock();
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    // Everyone enrols MFA before the test moves the app's clock (TOTP codes follow the real one).
    [alice, officer, admin, auditor] = await Promise.all([
      signUp(app),
      signUp(app, { roles: ['compliance'], mfa: true }),
      signUp(app, { roles: ['admin'], mfa: true }),
      signUp(app, { roles: ['auditor'], mfa: true }),
    ]);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const readContent = (documentId: string) =>
    request(app.baseUrl).get(`/api/v1/documents/${documentId}/content`).set(alice.auth).expect(409);
  const replaceBlob = (content: Buffer, bytes: Buffer) =>
    app.database.pool.query(`update document_blobs set content = $1 where sha256 = $2`, [bytes, sha256(content)]);

  async function alarmsOf(documentId: string, caller = officer) {
    const listed = await request(app.baseUrl).get('/api/v1/documents/integrity-alarms').set(caller.auth).expect(200);
    return json(listed, integrityAlarmsResponseSchema).alarms.filter((alarm) => alarm.documentId === documentId);
  }

  it('counts reads of the same bad bytes on one alarm, with the first and the last time, and records one event', async () => {
    const content = pdfBytes('counted');
    const { documentId } = await uploadedDocument(app, alice, { title: 'Counted contract', content });
    await replaceBlob(content, pdfBytes('tampered once'));
    const first = clock.now().getTime();
    expect(errorOf(await readContent(documentId)).error).toBe('CONTENT_INTEGRITY_FAILED');
    clock.advance(LATER_MS);
    await readContent(documentId);
    await readContent(documentId);

    const [alarm, ...others] = await alarmsOf(documentId);
    expect(others).toEqual([]);
    expect(alarm).toEqual(
      expect.objectContaining({
        title: 'Counted contract',
        versionNumber: 1,
        expectedSha256: sha256(content),
        actualSha256: sha256(pdfBytes('tampered once')),
        detectionCount: 3,
      }),
    );
    expect(Date.parse(alarm.detectedAt)).toBeLessThan(first + LATER_MS);
    expect(Date.parse(alarm.lastDetectedAt)).toBeGreaterThanOrEqual(first + LATER_MS);
    const raised = rowsOf(
      await app.database.pool.query(`select count(*)::int as count from events where stream_id = $1 and type = $2`, [
        `document-${documentId}`,
        'DocumentIntegrityAlarmRaised',
      ]),
      z.object({ count: z.number() }),
    );
    expect(raised).toEqual([{ count: 1 }]);
  });

  it('raises a new alarm for other bad bytes, and one for bytes gone missing', async () => {
    const content = pdfBytes('changing');
    const { documentId } = await uploadedDocument(app, alice, { content });
    await replaceBlob(content, pdfBytes('tampered A'));
    await readContent(documentId);
    await replaceBlob(content, pdfBytes('tampered B'));
    await readContent(documentId);
    await app.database.pool.query(`delete from document_blobs where sha256 = $1`, [sha256(content)]);
    await readContent(documentId);

    const alarms = await alarmsOf(documentId);
    expect(alarms.map((alarm) => alarm.actualSha256).sort()).toEqual(
      [sha256(pdfBytes('tampered A')), sha256(pdfBytes('tampered B')), null].sort(),
    );
    expect(alarms.every((alarm) => alarm.detectionCount === 1)).toBe(true);
  });

  it('lets an MFA-verified admin read them too, and refuses members, auditors and unverified sessions', async () => {
    const content = pdfBytes('for the admin');
    const { documentId } = await uploadedDocument(app, alice, { content });
    await replaceBlob(content, pdfBytes('tampered for the admin'));
    await readContent(documentId);
    expect(await alarmsOf(documentId, admin)).toHaveLength(1);

    for (const caller of [alice, auditor]) {
      const refused = await request(app.baseUrl).get('/api/v1/documents/integrity-alarms').set(caller.auth).expect(403);
      expect(errorOf(refused).error).toBe('FORBIDDEN');
    }
    const unverified = await signIn(app, officer.email, officer.userId);
    const stepUp = await request(app.baseUrl)
      .get('/api/v1/documents/integrity-alarms')
      .set(unverified.auth)
      .expect(403);
    expect(errorOf(stepUp).error).toBe('MFA_REQUIRED');
    await request(app.baseUrl).get('/api/v1/documents/integrity-alarms').expect(401);
  });
});
