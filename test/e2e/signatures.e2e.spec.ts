import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import {
  browserKey,
  registeredKey,
  requestedSignatures,
  shareForSigning,
  sign,
  type Statement,
} from '../support/signing';
import { startTestApp, type TestApp } from '../support/test-app';
import { z } from 'zod';
import {
  signatureRequestResponseSchema,
  signedResponseSchema,
  signingKeysResponseSchema,
  evidenceResponseSchema,
} from '../../src/documents/http/signatures.responses';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { closeIfStarted } from '../support/teardown';

describe("signatures made with the signer's own browser key", () => {
  let app: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    [alice, bob] = await Promise.all([signUp(app), signUp(app)]);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  async function bobsRequest(content = pdfBytes(`contract ${Math.random()}`)) {
    const { documentId, sha256 } = await uploadedDocument(app, alice, { content });
    await shareForSigning(app, alice, documentId, bob);
    const { requestId, documentSha256 } = await requestedSignatures(app, alice, documentId, [bob]);
    expect(documentSha256).toBe(sha256);
    const statement: Statement = {
      documentId,
      documentSha256,
      requestId,
      signerId: bob.userId,
      signedAt: now(),
      intent: 'sign',
    };
    return { documentId, requestId, statement };
  }

  it('records DocumentSigned with the statement, key id and signature, and completes the request', async () => {
    const key = await registeredKey(app, bob);
    const { requestId, statement } = await bobsRequest();
    const signed = await sign(app, bob, key, statement, 200);
    expect(signed.body).toMatchObject({ requestId, signerId: bob.userId, completed: true });
    const rows = rowsOf(
      await app.database.pool.query('select type, data from events where stream_id = $1 order by revision', [
        `signature-${requestId}`,
      ]),
      z.object({ type: z.string(), data: storedJsonObject }),
    );
    expect(rows.map((row) => row.type)).toEqual(['SignatureRequested', 'DocumentSigned', 'SignatureRequestCompleted']);
    expect(rows[1].data).toMatchObject({
      keyId: key.keyId,
      statement: json(signed, signedResponseSchema).statement,
      signerId: bob.userId,
    });
    const status = await request(app.baseUrl).get(`/api/v1/signatures/${requestId}`).set(alice.auth).expect(200);
    expect(status.body).toMatchObject({ status: 'COMPLETED', pendingSignerIds: [] });
  });

  it('refuses a signature over another hash', async () => {
    const key = await registeredKey(app, bob);
    const { statement } = await bobsRequest();
    const response = await sign(app, bob, key, { ...statement, documentSha256: 'ab'.repeat(32) }, 422);
    expect(errorOf(response).error).toBe('SIGNATURE_INVALID');
  });

  it('refuses a signature made with another key than the one named', async () => {
    const [named, other] = [await registeredKey(app, bob), await browserKey()];
    const { statement } = await bobsRequest();
    const response = await sign(app, bob, other, statement, 422, named.keyId);
    expect(errorOf(response).error).toBe('SIGNATURE_INVALID');
    const stranger = await sign(app, bob, other, statement, 404);
    expect(errorOf(stranger).error).toBe('SIGNING_KEY_NOT_FOUND');
  });

  it('refuses a signature replayed for another request of the same document', async () => {
    const key = await registeredKey(app, bob);
    const { documentId, statement } = await bobsRequest();
    await sign(app, bob, key, statement, 200);
    const second = await requestedSignatures(app, alice, documentId, [bob]);
    const firstSignature = json(
      await request(app.baseUrl).get(`/api/v1/signatures/${statement.requestId}`).set(bob.auth).expect(200),
      signatureRequestResponseSchema,
    ).signatures[0].signatureHex;
    const replayed = await request(app.baseUrl)
      .post(`/api/v1/signatures/${second.requestId}/sign`)
      .set(bob.auth)
      .send({ keyId: key.keyId, signature: firstSignature, signedAt: statement.signedAt, intent: statement.intent })
      .expect(422);
    expect(errorOf(replayed).error).toBe('SIGNATURE_INVALID');
  });

  it('refuses a second signature by the same signer, and signers who were not asked', async () => {
    const key = await registeredKey(app, bob);
    const { statement } = await bobsRequest();
    await sign(app, bob, key, statement, 200);
    expect(errorOf(await sign(app, bob, key, { ...statement, signedAt: now() }, 409)).error).toBe('ALREADY_SIGNED');
    const carol = await signUp(app);
    const carolsKey = await registeredKey(app, carol);
    expect(errorOf(await sign(app, carol, carolsKey, { ...statement, signerId: carol.userId }, 403)).error).toBe(
      'NOT_A_SIGNER',
    );
  });

  it('refuses a member whose share was revoked after the request, and takes their signature once shared anew', async () => {
    const key = await registeredKey(app, bob);
    const { documentId, sha256 } = await uploadedDocument(app, alice, {
      content: pdfBytes(`revoked ${Math.random()}`),
    });
    const shareId = await shareForSigning(app, alice, documentId, bob);
    const { requestId } = await requestedSignatures(app, alice, documentId, [bob]);
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/shares/${shareId}/revoke`)
      .set(alice.auth)
      .expect(200);
    const statement: Statement = {
      documentId,
      documentSha256: sha256,
      requestId,
      signerId: bob.userId,
      signedAt: now(),
      intent: 'sign',
    };
    const refused = errorOf(await sign(app, bob, key, statement, 422));
    expect(refused).toMatchObject({ error: 'SIGNER_CANNOT_SIGN', details: { signerIds: [bob.userId] } });

    await shareForSigning(app, alice, documentId, bob);
    expect((await sign(app, bob, key, { ...statement, signedAt: now() }, 200)).body).toMatchObject({ completed: true });
  });

  it('refuses a signedAt far from the server time', async () => {
    const key = await registeredKey(app, bob);
    const { statement } = await bobsRequest();
    const stale = new Date(Date.now() - 60 * 60_000).toISOString();
    expect(errorOf(await sign(app, bob, key, { ...statement, signedAt: stale }, 400)).error).toBe(
      'SIGNED_AT_OUT_OF_RANGE',
    );
  });

  it('rotates and revokes keys: a revoked key signs nothing new, and what it signed before stays valid', async () => {
    const first = await registeredKey(app, bob);
    const earlier = await bobsRequest();
    await sign(app, bob, first, earlier.statement, 200);
    const second = await browserKey();
    const rotated = await request(app.baseUrl)
      .post('/api/v1/signing-keys')
      .set(bob.auth)
      .send({ publicKeyHex: second.publicKeyHex, replacesKeyId: first.keyId })
      .expect(201);
    expect(rotated.body).toEqual({ keyId: second.keyId, publicKeyHex: second.publicKeyHex, revokedKeyId: first.keyId });
    const later = await bobsRequest();
    expect(errorOf(await sign(app, bob, first, later.statement, 409)).error).toBe('SIGNING_KEY_REVOKED');
    await sign(app, bob, second, later.statement, 200);
    await request(app.baseUrl).post(`/api/v1/signing-keys/${second.keyId}/revoke`).set(bob.auth).send({}).expect(200);
    const keys = await request(app.baseUrl).get('/api/v1/signing-keys').set(bob.auth).expect(200);
    const revokedAt = Object.fromEntries(
      json(keys, signingKeysResponseSchema).keys.map((key) => [key.keyId, key.revokedAt]),
    );
    expect(revokedAt[first.keyId]).toEqual(expect.any(String));
    expect(revokedAt[second.keyId]).toEqual(expect.any(String));
    const evidence = await request(app.baseUrl)
      .get(`/api/v1/signatures/${earlier.requestId}/evidence`)
      .set(alice.auth)
      .expect(200);
    const [signer] = json(evidence, evidenceResponseSchema).signers;
    expect(signer).toMatchObject({ keyId: first.keyId, keyRevokedAt: expect.any(String) as unknown });
    const check = await request(app.baseUrl)
      .post('/api/v1/signatures/verify')
      .send({
        publicKeyHex: first.publicKeyHex,
        messageHex: Buffer.from(signer.statement).toString('hex'),
        signatureHex: signer.signatureHex,
        encoding: 'p1363',
      })
      .expect(200);
    expect(check.body).toEqual({ valid: true });
  });

  it('refuses a public key that is not a P-256 point, and a signer without a signing share', async () => {
    const bad = await request(app.baseUrl)
      .post('/api/v1/signing-keys')
      .set(bob.auth)
      .send({ publicKeyHex: `04${'11'.repeat(64)}` })
      .expect(400);
    expect(errorOf(bad).error).toBe('INVALID_PUBLIC_KEY');
    const { documentId } = await uploadedDocument(app, alice);
    const refused = await request(app.baseUrl)
      .post('/api/v1/signatures')
      .set(alice.auth)
      .send({ documentId, signers: [{ userId: bob.userId }] })
      .expect(422);
    expect(refused.body).toMatchObject({ error: 'SIGNER_CANNOT_SIGN', details: { signerIds: [bob.userId] } });
  });

  it('completes a request exactly once when its signers sign at the same moment', async () => {
    const signers = await Promise.all(Array.from({ length: 6 }, () => signUp(app)));
    const keys = await Promise.all(signers.map((signer) => registeredKey(app, signer)));
    const { documentId } = await uploadedDocument(app, alice, { content: pdfBytes('six signers') });
    for (const signer of signers) await shareForSigning(app, alice, documentId, signer);
    const { requestId, documentSha256 } = await requestedSignatures(app, alice, documentId, signers);
    const signedAt = now();
    const responses = await Promise.all(
      signers.map((signer, index) =>
        sign(
          app,
          signer,
          keys[index],
          { documentId, documentSha256, requestId, signerId: signer.userId, signedAt, intent: 'approve' },
          200,
        ),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
    expect(responses.filter((response) => json(response, signedResponseSchema).completed)).not.toHaveLength(0);
    const rows = rowsOf(
      await app.database.pool.query('select type from events where stream_id = $1', [`signature-${requestId}`]),
      z.object({ type: z.string() }),
    );
    expect(rows.filter((row) => row.type === 'DocumentSigned')).toHaveLength(6);
    expect(rows.filter((row) => row.type === 'SignatureRequestCompleted')).toHaveLength(1);
  });
});
