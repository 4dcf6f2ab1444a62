import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  documentSignatureRequestsResponseSchema,
  signerRequestsResponseSchema,
} from '../../src/documents/http/signatures.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock } from '../support/clock';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { registeredKey, requestedSignatures, shareForSigning, sign, type BrowserKey } from '../support/signing';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** Short enough that the test's access tokens outlive the clock's jump. */
const DUE_IN_MS = 60_000;

describe('lists of signature requests: per document and per signer', () => {
  const clock = testClock();
  let app: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let stranger: TestUser;
  let bobsKey: BrowserKey;

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    [alice, bob, carol, stranger] = await Promise.all([signUp(app), signUp(app), signUp(app), signUp(app)]);
    bobsKey = await registeredKey(app, bob);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  async function documentSharedWithBobAndCarol(): Promise<string> {
    const { documentId } = await uploadedDocument(app, alice, { content: pdfBytes(`lists ${Math.random()}`) });
    await shareForSigning(app, alice, documentId, bob);
    await shareForSigning(app, alice, documentId, carol);
    return documentId;
  }

  async function forMe(user: TestUser, state?: string) {
    const response = await request(app.baseUrl)
      .get('/api/v1/signatures/for-me')
      .query(state ? { state } : {})
      .set(user.auth)
      .expect(200);
    return json(response, signerRequestsResponseSchema);
  }

  async function ofDocument(user: TestUser, documentId: string) {
    const response = await request(app.baseUrl)
      .get('/api/v1/signatures')
      .query({ documentId })
      .set(user.auth)
      .expect(200);
    return json(response, documentSignatureRequestsResponseSchema);
  }

  async function bobSigns(documentId: string, requestId: string, documentSha256: string) {
    const signedAt = clock.now().toISOString();
    const statement = {
      documentId,
      documentSha256,
      requestId,
      signerId: bob.userId,
      signedAt,
      intent: 'sign' as const,
    };
    await sign(app, bob, bobsKey, statement, 200);
  }

  it("tracks who signed and who hasn't, for the owner and in each signer's waiting list", async () => {
    const documentId = await documentSharedWithBobAndCarol();
    const { requestId, documentSha256 } = await requestedSignatures(app, alice, documentId, [bob, carol]);
    await app.waitForProjections();

    const waiting = await forMe(bob);
    expect(waiting.state).toBe('waiting');
    const listed = waiting.requests.find((entry) => entry.requestId === requestId);
    expect(listed).toMatchObject({
      documentId,
      documentTitle: 'Service agreement',
      documentSha256,
      requesterId: alice.userId,
      status: 'PENDING',
      signerCount: 2,
      signedCount: 0,
      mySignedAt: null,
    });

    await bobSigns(documentId, requestId, documentSha256);
    await app.waitForProjections();

    expect((await forMe(bob)).requests.map((entry) => entry.requestId)).not.toContain(requestId);
    const signed = (await forMe(bob, 'signed')).requests.find((entry) => entry.requestId === requestId);
    expect(signed?.mySignedAt).not.toBeNull();
    expect((await forMe(carol)).requests.map((entry) => entry.requestId)).toContain(requestId);

    const [tracked] = (await ofDocument(alice, documentId)).requests;
    expect(tracked).toMatchObject({ requestId, status: 'PENDING', signedCount: 1, signerCount: 2 });
    expect(tracked.signers.map(({ signerId, state, intent }) => ({ signerId, state, intent }))).toEqual([
      { signerId: bob.userId, state: 'signed', intent: 'sign' },
      { signerId: carol.userId, state: 'pending', intent: null },
    ]);
    expect(tracked.signers[0].signedAt).toBe(signed?.mySignedAt);
  });

  it('shows a completed request as COMPLETED and no longer waiting', async () => {
    const { documentId } = await uploadedDocument(app, alice, { content: pdfBytes(`solo ${Math.random()}`) });
    await shareForSigning(app, alice, documentId, bob);
    const { requestId, documentSha256 } = await requestedSignatures(app, alice, documentId, [bob]);
    await bobSigns(documentId, requestId, documentSha256);
    await app.waitForProjections();

    const [tracked] = (await ofDocument(alice, documentId)).requests;
    expect(tracked).toMatchObject({ requestId, status: 'COMPLETED', signedCount: 1 });
    expect(tracked.completedAt).not.toBeNull();
    expect((await forMe(bob)).requests.map((entry) => entry.requestId)).not.toContain(requestId);
    expect((await forMe(bob, 'all')).requests.map((entry) => entry.requestId)).toContain(requestId);
  });

  it('drops a request past its due date from the waiting list and marks it OVERDUE', async () => {
    const documentId = await documentSharedWithBobAndCarol();
    const dueAt = new Date(clock.now().getTime() + DUE_IN_MS).toISOString();
    const response = await request(app.baseUrl)
      .post('/api/v1/signatures')
      .set(alice.auth)
      .send({ documentId, signers: [{ userId: carol.userId }], dueAt })
      .expect(201);
    const { requestId } = response.body as { requestId: string };
    await app.waitForProjections();
    expect((await forMe(carol)).requests.map((entry) => entry.requestId)).toContain(requestId);

    clock.advance(2 * DUE_IN_MS);
    try {
      expect((await forMe(carol)).requests.map((entry) => entry.requestId)).not.toContain(requestId);
      const [tracked] = (await ofDocument(alice, documentId)).requests;
      expect(tracked).toMatchObject({ requestId, status: 'OVERDUE', dueAt });
    } finally {
      clock.advance(-2 * DUE_IN_MS);
    }
  });

  it("shows a signer only the document's requests that name them, and nobody else any", async () => {
    const documentId = await documentSharedWithBobAndCarol();
    const forBob = await requestedSignatures(app, alice, documentId, [bob]);
    const forCarol = await requestedSignatures(app, alice, documentId, [carol]);
    await app.waitForProjections();

    expect((await ofDocument(alice, documentId)).requests.map((entry) => entry.requestId).sort()).toEqual(
      [forBob.requestId, forCarol.requestId].sort(),
    );
    expect((await ofDocument(carol, documentId)).requests.map((entry) => entry.requestId)).toEqual([
      forCarol.requestId,
    ]);
    const refused = await request(app.baseUrl)
      .get('/api/v1/signatures')
      .query({ documentId })
      .set(stranger.auth)
      .expect(404);
    expect(errorOf(refused).error).toBe('DOCUMENT_NOT_FOUND');
    expect((await forMe(stranger, 'all')).requests).toEqual([]);
  });

  it('validates the query', async () => {
    const noDocument = await request(app.baseUrl).get('/api/v1/signatures').set(alice.auth).expect(400);
    expect(errorOf(noDocument).error).toBe('VALIDATION_FAILED');
    const badState = await request(app.baseUrl)
      .get('/api/v1/signatures/for-me?state=everything')
      .set(alice.auth)
      .expect(400);
    expect(errorOf(badState).error).toBe('VALIDATION_FAILED');
    await request(app.baseUrl).get('/api/v1/signatures/for-me').expect(401);
  });
});
