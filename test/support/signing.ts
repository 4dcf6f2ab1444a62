import { webcrypto } from 'node:crypto';
import request from 'supertest';
import { clientIdSchema } from '../../src/documents/http/clients.controller';
import { sharedResponseSchema } from '../../src/documents/http/shares.responses';
import { requestCreatedResponseSchema } from '../../src/documents/http/signatures.responses';
import { canonicalJson } from '../../src/platform/chain/canonical-json';
import type { TestUser } from './identity';
import { json } from './json';
import type { TestApp } from './test-app';

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;

/** A signer's key pair as the portal makes it: WebCrypto P-256, the private key not extractable. */
export interface BrowserKey {
  keyId: string;
  publicKeyHex: string;
  sign(text: string): Promise<string>;
}

export async function browserKey(): Promise<BrowserKey> {
  const pair = await webcrypto.subtle.generateKey(ECDSA, false, ['sign', 'verify']);
  const publicKey = Buffer.from(await webcrypto.subtle.exportKey('raw', pair.publicKey));
  const keyId = Buffer.from(await webcrypto.subtle.digest('SHA-256', publicKey)).toString('hex');
  return {
    keyId,
    publicKeyHex: publicKey.toString('hex'),
    // WebCrypto answers IEEE P1363 r ‖ s, with either s or n − s.
    sign: async (text) =>
      Buffer.from(
        await webcrypto.subtle.sign(
          { name: 'ECDSA', hash: 'SHA-256' },
          pair.privateKey,
          new TextEncoder().encode(text),
        ),
      ).toString('hex'),
  };
}

export async function registeredKey(app: TestApp, user: TestUser): Promise<BrowserKey> {
  const key = await browserKey();
  await request(app.baseUrl)
    .post('/api/v1/signing-keys')
    .set(user.auth)
    .send({ publicKeyHex: key.publicKeyHex })
    .expect(201);
  return key;
}

export interface Statement {
  documentId: string;
  documentSha256: string;
  requestId: string;
  signerId: string;
  signedAt: string;
  intent: 'approve' | 'sign' | 'acknowledge';
}

/** The text the signing page signs: RFC 8785 of the statement. */
export function statementText(statement: Statement): string {
  return canonicalJson({ ...statement });
}

/** Signs `statement` with `key`, posts it as `signer` naming `keyId` (the key's own by default), expects `status`. */
export async function sign(
  app: TestApp,
  signer: TestUser,
  key: BrowserKey,
  statement: Statement,
  status: number,
  keyId = key.keyId,
): Promise<request.Response> {
  return request(app.baseUrl)
    .post(`/api/v1/signatures/${statement.requestId}/sign`)
    .set(signer.auth)
    .send(await signatureBody(key, statement, keyId))
    .expect(status);
}

/** What a signing page posts: `statement` signed with `key`, naming `keyId`. */
export async function signatureBody(key: BrowserKey, statement: Statement, keyId = key.keyId) {
  const signature = await key.sign(statementText(statement));
  return { keyId, signature, signedAt: statement.signedAt, intent: statement.intent };
}

/** The header a client's share link sends its token in. */
export const linkHeader = (token: string) => ({ 'X-Share-Token': token });

/** A client of `owner` and a share of the document to them by link; returns the share id and the link's token. */
export async function clientLinkShare(
  app: TestApp,
  owner: TestUser,
  documentId: string,
  share: { canSign: boolean; expiresAt?: string },
): Promise<{ shareId: string; token: string }> {
  const client = await request(app.baseUrl)
    .post('/api/v1/clients')
    .set(owner.auth)
    .send({ name: 'Grace Signer', email: 'grace@signer.example' })
    .expect(201);
  const shared = await request(app.baseUrl)
    .post(`/api/v1/documents/${documentId}/share`)
    .set(owner.auth)
    .send({ clientId: json(client, clientIdSchema).clientId, canView: true, ...share })
    .expect(201);
  const { shareId, linkToken } = json(shared, sharedResponseSchema);
  if (linkToken === null) throw new Error(`the client share ${shareId} gave no link token`);
  return { shareId, token: linkToken };
}

/** Alice asks `signers` (members, or clients by their share) to sign her document; returns the request's id and the hash it pins. */
export async function requestedSignatures(
  app: TestApp,
  owner: TestUser,
  documentId: string,
  signers: (TestUser | { clientShareId: string })[],
): Promise<{ requestId: string; documentSha256: string }> {
  const named = signers.map((signer) =>
    'clientShareId' in signer ? { clientShareId: signer.clientShareId } : { userId: signer.userId },
  );
  const response = await request(app.baseUrl)
    .post('/api/v1/signatures')
    .set(owner.auth)
    .send({ documentId, signers: named })
    .expect(201);
  return json(response, requestCreatedResponseSchema);
}

export async function shareForSigning(
  app: TestApp,
  owner: TestUser,
  documentId: string,
  to: TestUser,
): Promise<string> {
  const response = await request(app.baseUrl)
    .post(`/api/v1/documents/${documentId}/share`)
    .set(owner.auth)
    .send({ toUserId: to.userId, canView: true, canSign: true })
    .expect(201);
  return json(response, sharedResponseSchema).shareId;
}
