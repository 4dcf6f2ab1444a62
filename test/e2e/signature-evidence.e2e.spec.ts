import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyInclusionProofFile } from '../../src/audit/offline/proof-verifier';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { registeredKey, requestedSignatures, shareForSigning, sign } from '../support/signing';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json } from '../support/json';
import { waitFor } from '../support/wait';
import {
  evidenceResponseSchema,
  signaturesByHashResponseSchema,
  verifyResponseSchema,
} from '../../src/documents/http/signatures.responses';
import { closeIfStarted } from '../support/teardown';

describe('the evidence package and the signatures recorded for a hash, with inclusion proofs', () => {
  let app: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let requestId: string;
  let sha256: string;

  beforeAll(async () => {
    // A checkpoint after every event, so the proofs come soon.
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', CHECKPOINT_EVERY_EVENTS: '1' } });
    [alice, bob] = await Promise.all([signUp(app), signUp(app)]);
    const key = await registeredKey(app, bob);
    const document = await uploadedDocument(app, alice, { content: pdfBytes('evidence') });
    sha256 = document.sha256;
    await shareForSigning(app, alice, document.documentId, bob);
    const requested = await requestedSignatures(app, alice, document.documentId, [bob]);
    requestId = requested.requestId;
    await sign(
      app,
      bob,
      key,
      {
        documentId: document.documentId,
        documentSha256: sha256,
        requestId,
        signerId: bob.userId,
        signedAt: new Date().toISOString(),
        intent: 'sign',
      },
      200,
    );
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('lists the hash, signer, key, statement, signature and time, and proves each event in the signed log', async () => {
    // The sealer signs checkpoints on its own loop.
    const evidence = await waitFor('the sealer to cover the evidence events', async () => {
      const response = await request(app.baseUrl)
        .get(`/api/v1/signatures/${requestId}/evidence`)
        .set(alice.auth)
        .expect(200);
      const answer = json(response, evidenceResponseSchema);
      return answer.events.every((event) => event.inclusion !== null) ? answer : undefined;
    });
    expect(evidence).toMatchObject({
      format: 'smartstart-signature-evidence/1',
      document: { sha256 },
      request: { status: 'COMPLETED' },
    });
    expect(evidence.signers).toEqual([
      expect.objectContaining({
        signerId: bob.userId,
        keyId: expect.any(String) as unknown,
        statement: expect.stringContaining(sha256) as unknown,
        signatureHex: expect.any(String) as unknown,
        signedAt: expect.any(String) as unknown,
      }),
    ]);
    expect(evidence.events.map((event) => event.type)).toEqual([
      'DocumentVersionAdded',
      'SignatureRequested',
      'DocumentSigned',
      'SignatureRequestCompleted',
    ]);
    for (const event of evidence.events)
      expect(verifyInclusionProofFile(event.inclusion, evidence.verification.checkpointKey), event.type).toEqual({
        status: 'VERIFIED',
        reason: null,
      });
    const stranger = await signUp(app);
    expect(
      errorOf(await request(app.baseUrl).get(`/api/v1/signatures/${requestId}/evidence`).set(stranger.auth).expect(404))
        .error,
    ).toBe('SIGNATURE_REQUEST_NOT_FOUND');
  });

  it('lists, to anyone, the signatures recorded for a SHA-256, each with its inclusion proof', async () => {
    const found = await waitFor('the sealer to cover the signature', async () => {
      const response = await request(app.baseUrl).get(`/api/v1/signatures/by-hash/${sha256}`).expect(200);
      const answer = json(response, signaturesByHashResponseSchema);
      return answer.signatures.length > 0 && answer.signatures[0].inclusion ? answer : undefined;
    });
    expect(found.signatures).toEqual([expect.objectContaining({ requestId, signerId: bob.userId })]);
    expect(verifyInclusionProofFile(found.signatures[0].inclusion, found.checkpointKey)).toEqual({
      status: 'VERIFIED',
      reason: null,
    });
    const [signature] = found.signatures;
    const check = await request(app.baseUrl)
      .post('/api/v1/signatures/verify')
      .send({
        publicKeyHex: signature.publicKeyHex,
        messageHex: Buffer.from(signature.statement).toString('hex'),
        signatureHex: signature.signatureHex,
        encoding: 'p1363',
      })
      .expect(200);
    expect(json(check, verifyResponseSchema)).toEqual({ valid: true });
    const other = await request(app.baseUrl)
      .get(`/api/v1/signatures/by-hash/${'0'.repeat(64)}`)
      .expect(200);
    expect(json(other, signaturesByHashResponseSchema).signatures).toEqual([]);
  });
});
