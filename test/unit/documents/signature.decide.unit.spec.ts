import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { signingKeyIdOf } from '../../../src/documents/crypto/ecdsa-p256';
import {
  initialSignatureRequestState,
  signatureRequestDecider,
  signingStatement,
  signRequest,
  type Signing,
} from '../../../src/documents/domain/signature.decide';
import type { SignatureEvent } from '../../../src/documents/domain/signature.events';
import {
  registerSigningKey,
  revokeSigningKey,
  signingKeysDecider,
  type SigningKeysState,
} from '../../../src/documents/domain/signing-key.events';
import {
  BOB,
  DOCUMENT_ID,
  given,
  LATER,
  OWNER,
  registered,
  SHA_1,
  shared,
  T0,
  versionAdded,
} from '../../support/document-events';

const REQUEST_ID = '88888888-8888-4888-8888-888888888888';
const CAROL = '99999999-9999-4999-8999-999999999999';
const N = p256.Point.CURVE().n;
// expect.objectContaining is typed `any`; to a test it is only something to compare with.
const refusal = (httpStatus: number, code: string): unknown => expect.objectContaining({ httpStatus, code });

const secretKey = p256.utils.randomSecretKey();
const publicKey = p256.getPublicKey(secretKey, false);
const keyId = signingKeyIdOf(publicKey);

function keysOf(...events: ReturnType<typeof registerSigningKey>): SigningKeysState {
  return events.reduce(signingKeysDecider.evolve, signingKeysDecider.initialState);
}
const bobsKeys = () =>
  keysOf(
    ...registerSigningKey(
      signingKeysDecider.initialState,
      { keyId, publicKeyHex: Buffer.from(publicKey).toString('hex'), registeredAt: T0 },
      null,
    ),
  );

/** The document, shared with Bob with signing allowed (until `expiresAt`). */
const sharedForSigning = (expiresAt: string | null = null) =>
  given(registered(), versionAdded(), shared({ canSign: true, expiresAt }));

function requested(...signerIds: string[]) {
  const event: SignatureEvent = {
    type: 'SignatureRequested',
    data: {
      requestId: REQUEST_ID,
      documentId: DOCUMENT_ID,
      versionNumber: 1,
      documentSha256: SHA_1,
      requesterId: OWNER,
      signers: signerIds.map((signerId) => ({ signerId, kind: 'user' as const, shareId: null })),
      dueAt: null,
      requestedAt: T0,
    },
  };
  return signatureRequestDecider.evolve(initialSignatureRequestState, event);
}

/** Bob's signature over the statement of `fields`, r ‖ s in hex; `highS` picks n − s when s is low. */
function signed(fields: Partial<Parameters<typeof signingStatement>[0]> = {}, highS = false): Signing {
  const statement = signingStatement({
    documentId: DOCUMENT_ID,
    documentSha256: SHA_1,
    requestId: REQUEST_ID,
    signerId: BOB,
    signedAt: T0,
    intent: 'sign',
    ...fields,
  });
  const compact = Buffer.from(p256.sign(new TextEncoder().encode(statement), secretKey));
  const s = BigInt(`0x${compact.subarray(32).toString('hex')}`);
  const sHex = (highS ? N - s : s).toString(16).padStart(64, '0');
  return {
    requestId: REQUEST_ID,
    signerId: BOB,
    keyId,
    signatureHex: compact.subarray(0, 32).toString('hex') + sHex,
    signedAt: T0,
    intent: 'sign',
    now: T0,
  };
}

describe('signing a request', () => {
  it('given Bob as the only signer, when he signs with his key, then DocumentSigned and the completion in one decision', () => {
    const events = signRequest(requested(BOB), sharedForSigning(), bobsKeys(), signed());
    expect(events.map((event) => event.type)).toEqual(['DocumentSigned', 'SignatureRequestCompleted']);
    expect(events[0].data).toMatchObject({
      keyId,
      signerId: BOB,
      documentSha256: SHA_1,
      statement: expect.stringContaining(REQUEST_ID) as unknown,
    });
  });

  it('given two signers, when the first signs, then the request stays open', () => {
    expect(
      signRequest(requested(BOB, CAROL), sharedForSigning(), bobsKeys(), signed()).map((event) => event.type),
    ).toEqual(['DocumentSigned']);
  });

  it('accepts the high s as well as the low one (browsers produce either)', () => {
    expect(signRequest(requested(BOB), sharedForSigning(), bobsKeys(), signed({}, true))).toHaveLength(2);
  });

  it('refuses a signature over another hash, another request or another signer', () => {
    for (const other of [{ documentSha256: 'b'.repeat(64) }, { requestId: CAROL }, { signerId: CAROL }]) {
      expect(() =>
        signRequest(requested(BOB), sharedForSigning(), bobsKeys(), { ...signed(other), signedAt: T0 }),
      ).toThrow(refusal(422, 'SIGNATURE_INVALID'));
    }
  });

  it('refuses a revoked key, an unknown key, a second signature and a stranger', () => {
    const revoked = revokeSigningKey(bobsKeys(), keyId, 'REVOKED', T0).reduce(signingKeysDecider.evolve, bobsKeys());
    expect(() => signRequest(requested(BOB), sharedForSigning(), revoked, signed())).toThrow(
      refusal(409, 'SIGNING_KEY_REVOKED'),
    );
    expect(() => signRequest(requested(BOB), sharedForSigning(), signingKeysDecider.initialState, signed())).toThrow(
      refusal(404, 'SIGNING_KEY_NOT_FOUND'),
    );
    const once = signRequest(requested(BOB, CAROL), sharedForSigning(), bobsKeys(), signed()).reduce(
      signatureRequestDecider.evolve,
      requested(BOB, CAROL),
    );
    expect(() => signRequest(once, sharedForSigning(), bobsKeys(), signed())).toThrow(refusal(409, 'ALREADY_SIGNED'));
    expect(() => signRequest(requested(CAROL), sharedForSigning(), bobsKeys(), signed())).toThrow(
      refusal(403, 'NOT_A_SIGNER'),
    );
  });

  it('refuses Bob once his share has expired or never allowed signing, before looking at his signature', () => {
    for (const document of [sharedForSigning(T0), given(registered(), versionAdded(), shared({ canSign: false }))])
      expect(() => signRequest(requested(BOB), document, bobsKeys(), signed())).toThrow(
        refusal(422, 'SIGNER_CANNOT_SIGN'),
      );
    expect(signRequest(requested(BOB), sharedForSigning(LATER), bobsKeys(), signed())).toHaveLength(2);
  });

  it('given a key, when rotated, then the new key is registered and the old one revoked in one step', () => {
    const next = { keyId: 'f'.repeat(64), publicKeyHex: '04', registeredAt: T0 };
    expect(registerSigningKey(bobsKeys(), next, keyId).map((event) => event.type)).toEqual([
      'SigningKeyRegistered',
      'SigningKeyRevoked',
    ]);
    expect(registerSigningKey(bobsKeys(), { ...next, keyId }, null)).toEqual([]);
  });
});
