import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  evidenceResponseSchema,
  signatureRequestResponseSchema,
  signedResponseSchema,
  signerRequestsResponseSchema,
  signingKeyResponseSchema,
  signingKeysResponseSchema,
} from '../../src/documents/http/signatures.responses';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock, type TestClock } from '../support/clock';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { objectContaining } from '../support/matchers';
import { present } from '../support/present';
import {
  browserKey,
  clientLinkShare,
  linkHeader,
  registeredKey,
  requestedSignatures,
  shareForSigning,
  sign,
  signatureBody,
  type BrowserKey,
  type Statement,
} from '../support/signing';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

const HOUR_MS = 3_600_000;

describe('a client signs through their share link, without an account, exactly as a member signs', () => {
  let app: TestApp;
  let clock: TestClock;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    clock = testClock();
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    [alice, bob] = await Promise.all([signUp(app), signUp(app)]);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const inAnHour = () => new Date(clock.now().getTime() + HOUR_MS).toISOString();

  /** Alice's document shared to a client by link (signing allowed unless said otherwise), and a request naming that share. */
  async function clientRequest(options: { expiresAt?: string } = {}) {
    const { documentId } = await uploadedDocument(app, alice, { content: pdfBytes(`for a client ${Math.random()}`) });
    const { shareId, token } = await clientLinkShare(app, alice, documentId, { canSign: true, ...options });
    const { requestId, documentSha256 } = await requestedSignatures(app, alice, documentId, [
      { clientShareId: shareId },
    ]);
    const statement: Statement = {
      documentId,
      documentSha256,
      requestId,
      signerId: `share:${shareId}`,
      signedAt: clock.now().toISOString(),
      intent: 'sign',
    };
    return { documentId, shareId, token, requestId, statement };
  }

  const registerThroughLink = (token: string, key: BrowserKey) =>
    request(app.baseUrl).post('/api/v1/share-link/signing-keys').set(linkHeader(token)).send({
      publicKeyHex: key.publicKeyHex,
    });

  async function linkKey(token: string): Promise<BrowserKey> {
    const key = await browserKey();
    await registerThroughLink(token, key).expect(201);
    return key;
  }

  /** Signs `statement` with `key` and posts it through the link naming `keyId`; expects `status`. */
  async function signThroughLink(
    token: string,
    key: BrowserKey,
    statement: Statement,
    status: number,
    keyId = key.keyId,
  ): Promise<request.Response> {
    return request(app.baseUrl)
      .post(`/api/v1/share-link/signatures/${statement.requestId}/sign`)
      .set(linkHeader(token))
      .send(await signatureBody(key, statement, keyId))
      .expect(status);
  }

  it('registers the key and signs through the link; the request completes when the member and the client have signed', async () => {
    const { documentId } = await uploadedDocument(app, alice, { content: pdfBytes('member and client') });
    await shareForSigning(app, alice, documentId, bob);
    const { shareId, token } = await clientLinkShare(app, alice, documentId, { canSign: true });
    const clientSignerId = `share:${shareId}`;
    const { requestId, documentSha256 } = await requestedSignatures(app, alice, documentId, [
      bob,
      { clientShareId: shareId },
    ]);
    await app.waitForProjections();
    const listed = json(
      await request(app.baseUrl).get('/api/v1/share-link/signatures').set(linkHeader(token)).expect(200),
      signerRequestsResponseSchema,
    );
    expect(listed.signerId).toBe(clientSignerId);
    expect(listed.requests).toEqual([
      objectContaining({ requestId, documentSha256, status: 'PENDING', mySignedAt: null }),
    ]);

    const key = await browserKey();
    const registered = json(await registerThroughLink(token, key).expect(201), signingKeyResponseSchema);
    // The key id is the SHA-256 of the SEC1 bytes, exactly as for members.
    expect(registered).toEqual({ keyId: key.keyId, publicKeyHex: key.publicKeyHex, revokedKeyId: null });
    const keys = json(
      await request(app.baseUrl).get('/api/v1/share-link/signing-keys').set(linkHeader(token)).expect(200),
      signingKeysResponseSchema,
    );
    expect(keys.keys.map((listedKey) => listedKey.keyId)).toEqual([key.keyId]);

    const base = { documentId, documentSha256, requestId, signedAt: clock.now().toISOString() };
    const bobSigned = await sign(
      app,
      bob,
      await registeredKey(app, bob),
      { ...base, signerId: bob.userId, intent: 'approve' },
      200,
    );
    expect(json(bobSigned, signedResponseSchema).completed).toBe(false);
    const clientStatement: Statement = { ...base, signerId: clientSignerId, intent: 'sign' };
    const clientSigned = json(await signThroughLink(token, key, clientStatement, 200), signedResponseSchema);
    expect(clientSigned).toMatchObject({ requestId, signerId: clientSignerId, completed: true });

    const status = json(
      await request(app.baseUrl).get(`/api/v1/signatures/${requestId}`).set(alice.auth).expect(200),
      signatureRequestResponseSchema,
    );
    expect(status).toMatchObject({ status: 'COMPLETED', pendingSignerIds: [] });
    const evidence = json(
      await request(app.baseUrl).get(`/api/v1/signatures/${requestId}/evidence`).set(alice.auth).expect(200),
      evidenceResponseSchema,
    );
    const client = present(
      evidence.signers.find((signer) => signer.signerId === clientSignerId),
      'the client signer in the evidence',
    );
    expect(client).toMatchObject({ kind: 'client', shareId, keyId: key.keyId, statement: clientSigned.statement });
    expect(evidence.signers.find((signer) => signer.signerId === bob.userId)).toMatchObject({ kind: 'user' });
    const check = await request(app.baseUrl)
      .post('/api/v1/signatures/verify')
      .send({
        publicKeyHex: key.publicKeyHex,
        messageHex: Buffer.from(clientSigned.statement).toString('hex'),
        signatureHex: client.signatureHex,
        encoding: 'p1363',
      })
      .expect(200);
    expect(check.body).toEqual({ valid: true });
  });

  it('records the key and the signature under the share, with no personal data of the client in any event', async () => {
    const { shareId, token, requestId, statement } = await clientRequest();
    const key = await linkKey(token);
    await signThroughLink(token, key, statement, 200);
    const rows = rowsOf(
      await app.database.pool.query(
        'select stream_id, type, data from events where stream_id = any($1) order by global_position',
        [[`signature-${requestId}`, `signingkeys-share:${shareId}`]],
      ),
      z.object({ stream_id: z.string(), type: z.string(), data: storedJsonObject }),
    );
    expect(rows.map((row) => `${row.stream_id} ${row.type}`)).toEqual([
      `signature-${requestId} SignatureRequested`,
      `signingkeys-share:${shareId} SigningKeyRegistered`,
      `signature-${requestId} DocumentSigned`,
      `signature-${requestId} SignatureRequestCompleted`,
    ]);
    expect(rows[2].data).toMatchObject({ signerId: `share:${shareId}`, keyId: key.keyId });
    const everyEvent = JSON.stringify((await app.database.pool.query('select data, metadata from events')).rows);
    expect(everyEvent).not.toContain('Grace Signer');
    expect(everyEvent).not.toContain('grace@signer.example');
    expect(everyEvent).not.toContain(token);
  });

  it('refuses a signature over another hash, with another key, and replayed for another request', async () => {
    const { documentId, shareId, token, statement } = await clientRequest();
    const key = await linkKey(token);
    const otherHash = await signThroughLink(token, key, { ...statement, documentSha256: 'ab'.repeat(32) }, 422);
    expect(errorOf(otherHash).error).toBe('SIGNATURE_INVALID');
    const stranger = await browserKey();
    expect(errorOf(await signThroughLink(token, stranger, statement, 422, key.keyId)).error).toBe('SIGNATURE_INVALID');
    expect(errorOf(await signThroughLink(token, stranger, statement, 404)).error).toBe('SIGNING_KEY_NOT_FOUND');
    // A member's registered key is not the client's.
    const bobsKey = await registeredKey(app, bob);
    expect(errorOf(await signThroughLink(token, bobsKey, statement, 404)).error).toBe('SIGNING_KEY_NOT_FOUND');

    const first = json(await signThroughLink(token, key, statement, 200), signedResponseSchema);
    const second = await requestedSignatures(app, alice, documentId, [{ clientShareId: shareId }]);
    const [recorded] = json(
      await request(app.baseUrl).get(`/api/v1/signatures/${statement.requestId}`).set(alice.auth).expect(200),
      signatureRequestResponseSchema,
    ).signatures;
    expect(recorded.statement).toBe(first.statement);
    const replayed = await request(app.baseUrl)
      .post(`/api/v1/share-link/signatures/${second.requestId}/sign`)
      .set(linkHeader(token))
      .send({
        keyId: key.keyId,
        signature: recorded.signatureHex,
        signedAt: statement.signedAt,
        intent: statement.intent,
      })
      .expect(422);
    expect(errorOf(replayed).error).toBe('SIGNATURE_INVALID');
    expect(errorOf(await signThroughLink(token, key, statement, 409)).error).toBe('ALREADY_SIGNED');
  });

  it('revokes a key through the link: it signs nothing new, another share cannot revoke it, and a new key signs', async () => {
    const { token, statement } = await clientRequest();
    const lost = await linkKey(token);
    const other = await clientRequest();
    const revoke = (link: string, keyId: string) =>
      request(app.baseUrl).post(`/api/v1/share-link/signing-keys/${keyId}/revoke`).set(linkHeader(link)).send({});
    expect(errorOf(await revoke(other.token, lost.keyId).expect(404)).error).toBe('SIGNING_KEY_NOT_FOUND');
    await revoke(token, lost.keyId).expect(200);
    expect(errorOf(await signThroughLink(token, lost, statement, 409)).error).toBe('SIGNING_KEY_REVOKED');
    const fresh = await linkKey(token);
    await signThroughLink(token, fresh, { ...statement, signedAt: clock.now().toISOString() }, 200);
  });

  it('refuses a share the request does not name, and a share that does not allow signing', async () => {
    const { documentId, statement } = await clientRequest();
    const unnamed = await clientLinkShare(app, alice, documentId, { canSign: true });
    const unnamedKey = await linkKey(unnamed.token);
    const notNamed = await signThroughLink(
      unnamed.token,
      unnamedKey,
      {
        ...statement,
        signerId: `share:${unnamed.shareId}`,
      },
      403,
    );
    expect(errorOf(notNamed).error).toBe('NOT_A_SIGNER');

    const viewOnly = await clientLinkShare(app, alice, documentId, { canSign: false });
    const link = linkHeader(viewOnly.token);
    const refusals = [
      await request(app.baseUrl).get('/api/v1/share-link/signatures').set(link).expect(403),
      await request(app.baseUrl).get('/api/v1/share-link/signing-keys').set(link).expect(403),
      await registerThroughLink(viewOnly.token, await browserKey()).expect(403),
      await signThroughLink(viewOnly.token, unnamedKey, statement, 403),
    ];
    expect(refusals.map((response) => errorOf(response).error)).toEqual(new Array<string>(4).fill('SHARE_NOT_ALLOWED'));
    expect(
      errorOf(
        await request(app.baseUrl)
          .get('/api/v1/share-link/signatures')
          .set(linkHeader('A'.repeat(43)))
          .expect(401),
      ).error,
    ).toBe('SHARE_LINK_INVALID');
  });

  it('refuses the link after the share expires: no key, no signature, no list', async () => {
    const { token, statement } = await clientRequest({ expiresAt: inAnHour() });
    const key = await linkKey(token);
    clock.advance(HOUR_MS + 1);
    try {
      const later = { ...statement, signedAt: clock.now().toISOString() };
      const refusals = [
        await signThroughLink(token, key, later, 410),
        await registerThroughLink(token, await browserKey()).expect(410),
        await request(app.baseUrl).get('/api/v1/share-link/signatures').set(linkHeader(token)).expect(410),
      ];
      expect(refusals.map((response) => errorOf(response).error)).toEqual(new Array<string>(3).fill('SHARE_EXPIRED'));
    } finally {
      clock.advance(-HOUR_MS - 1);
    }
  });

  it('refuses the link after the owner revokes the share', async () => {
    const { documentId, shareId, token, statement } = await clientRequest();
    const key = await linkKey(token);
    await request(app.baseUrl)
      .post(`/api/v1/documents/${documentId}/shares/${shareId}/revoke`)
      .set(alice.auth)
      .send({})
      .expect(200);
    const refusals = [
      await signThroughLink(token, key, statement, 410),
      await registerThroughLink(token, await browserKey()).expect(410),
      await request(app.baseUrl).get('/api/v1/share-link/signing-keys').set(linkHeader(token)).expect(410),
    ];
    expect(refusals.map((response) => errorOf(response).error)).toEqual(new Array<string>(3).fill('SHARE_REVOKED'));
  });

  it('answers a retried signature with the same Idempotency-Key with the first result', async () => {
    const { token, statement } = await clientRequest();
    const key = await linkKey(token);
    const body = await signatureBody(key, statement);
    const send = () =>
      request(app.baseUrl)
        .post(`/api/v1/share-link/signatures/${statement.requestId}/sign`)
        .set({ ...linkHeader(token), 'Idempotency-Key': 'client-sign-once' })
        .send(body)
        .expect(200);
    const first = json(await send(), signedResponseSchema);
    expect(json(await send(), signedResponseSchema)).toEqual(first);
  });
});
