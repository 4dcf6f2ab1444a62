import { createHash, createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf } from '../support/json';
import { z } from 'zod';
import {
  achievementResponseSchema,
  badgeAwardResponseSchema,
  credentialResponseSchema,
  issuerResponseSchema,
  statusListResponseSchema,
} from '../../src/badges/http/badges.schemas';
import { closeIfStarted } from '../support/teardown';

/**
 * An independent check of our Open Badges credentials: node:crypto for Ed25519 and SHA-256,
 * and a hand-written RFC 8785 canonicalisation and base58 decoder (the credentials hold only
 * strings, integers, arrays and objects, for which sorted keys and JSON.stringify are the JCS).
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function jcs(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((key) => `${JSON.stringify(key)}:${jcs(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function base58Decode(text: string): Buffer {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let value = 0n;
  for (const char of text) value = value * 58n + BigInt(alphabet.indexOf(char));
  const hex = value.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const zeros = text.length - text.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** eddsa-jcs-2022 verification (W3C VC DI EdDSA §3.3.2), against the issuer's published Multikey. */
function verifyEddsaJcs(secured: { [key: string]: Json }, publicKeyMultibase: string): boolean {
  const { proof, ...document } = secured;
  if (proof === null || typeof proof !== 'object' || Array.isArray(proof)) throw new Error('the document has no proof');
  const { proofValue, ...options } = proof;
  const hashData = Buffer.concat([
    sha256(jcs({ ...options, '@context': document['@context'] })),
    sha256(jcs(document)),
  ]);
  const multikey = base58Decode(publicKeyMultibase.slice(1));
  expect([...multikey.subarray(0, 2)]).toEqual([0xed, 0x01]);
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: multikey.subarray(2).toString('base64url') },
    format: 'jwk',
  });
  if (typeof proofValue !== 'string') return false;
  return verify(null, hashData, key, base58Decode(proofValue.slice(1)));
}

function statusBit(encodedList: string, index: number): number {
  expect(encodedList.startsWith('u')).toBe(true);
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  expect(bits.length).toBe(16_384);
  return (bits[index >> 3] >> (7 - (index & 7))) & 1;
}

describe('Open Badges 3.0 credentials', () => {
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;
  let credentialId: string;

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', PUBLIC_BASE_URL: 'https://ledger.example.org' },
    });
    [admin, member] = await Promise.all([signUp(app, { roles: ['admin'], mfa: true }), signUp(app)]);
    const api = request(app.baseUrl);
    await api
      .post('/api/v1/badges')
      .set(admin.auth)
      .send({ code: 'HOST', name: 'Host', description: 'Hosted a community call.', rule: { type: 'MANUAL' } })
      .expect(201);
    const award = json(
      await api
        .post('/api/v1/badges/HOST/award')
        .set(admin.auth)
        .send({ userId: member.userId, reason: 'Hosted the December call' })
        .expect(200),
      badgeAwardResponseSchema,
    );
    if (award.credentialId === null) throw new Error('the award issued no credential');
    credentialId = award.credentialId;
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('issues each award as an OpenBadgeCredential that verifies with node:crypto against the issuer key, and not once altered', async () => {
    const api = request(app.baseUrl);
    const issuerResponse = await api.get('/api/v1/credentials/issuer').expect(200);
    expectContract(app, 'GET /api/v1/credentials/issuer', issuerResponse.body);
    const issuer = json(issuerResponse, issuerResponseSchema);
    const credentialResponse = await api.get(`/api/v1/credentials/${credentialId}`).expect(200);
    expectContract(app, 'GET /api/v1/credentials/:credentialId', credentialResponse.body);
    const credential = json(credentialResponse, credentialResponseSchema);
    expect(credential).toMatchObject({
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'https://ledger.example.org/api/v1/credentials/issuer' },
      credentialSubject: {
        id: `https://ledger.example.org/api/v1/profiles/${member.userId}`,
        achievement: { name: 'Host', criteria: { narrative: 'Awarded when awarded by an admin.' } },
      },
      proof: {
        type: 'DataIntegrityProof',
        cryptosuite: 'eddsa-jcs-2022',
        verificationMethod: 'https://ledger.example.org/api/v1/credentials/issuer#key-1',
      },
    });
    const [method] = issuer.verificationMethod;
    expect(method.id).toBe(credential.proof.verificationMethod);
    expect(verifyEddsaJcs(credential, method.publicKeyMultibase)).toBe(true);
    expect(verifyEddsaJcs({ ...credential, name: 'Hero' }, method.publicKeyMultibase)).toBe(false);
    expect(
      verifyEddsaJcs(
        {
          ...credential,
          credentialSubject: {
            ...credential.credentialSubject,
            id: 'https://ledger.example.org/api/v1/profiles/someone-else',
          },
        },
        method.publicKeyMultibase,
      ),
    ).toBe(false);
    // The same credential, byte for byte, every time (Ed25519 is deterministic); the download is a file of it.
    const download = await api.get(`/api/v1/credentials/${credentialId}/download`).expect(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="open-badge-${credentialId}.json"`);
    expectContract(app, 'GET /api/v1/credentials/:credentialId/download', download.body);
    expect(json(download, credentialResponseSchema)).toEqual(credential);
    const achievementResponse = await api.get('/api/v1/badges/HOST/achievement').expect(200);
    expectContract(app, 'GET /api/v1/badges/:code/achievement', achievementResponse.body);
    const achievement = json(achievementResponse, achievementResponseSchema);
    expect(achievement).toEqual(credential.credentialSubject.achievement);
  });

  it('names its BadgeAwarded event and hash, which are in the log', async () => {
    const credential = json(
      await request(app.baseUrl).get(`/api/v1/credentials/${credentialId}`).expect(200),
      credentialResponseSchema,
    );
    const [evidence] = credential.evidence;
    const eventId = evidence.id.split('/').pop();
    const rows = rowsOf(
      await app.database.pool.query(
        "select type, stream_id, encode(hash, 'hex') as hash from events where event_id = $1",
        [eventId],
      ),
      z.object({ type: z.string(), stream_id: z.string(), hash: z.string() }),
    );
    expect(rows).toEqual([
      { type: 'BadgeAwarded', stream_id: `awards-${member.userId}`, hash: expect.any(String) as unknown },
    ]);
    expect(evidence.description).toContain(rows[0].hash);
    expect(evidence.id).toBe(`https://ledger.example.org/api/v1/audit/proofs/inclusion/${eventId}`);
  });

  it('is revoked through its Bitstring Status List entry: the revocation flips its bit, and the list itself verifies', async () => {
    const api = request(app.baseUrl);
    const issuer = json(await api.get('/api/v1/credentials/issuer').expect(200), issuerResponseSchema);
    const [method] = issuer.verificationMethod;
    const credential = json(await api.get(`/api/v1/credentials/${credentialId}`).expect(200), credentialResponseSchema);
    const { statusListCredential, statusListIndex, statusPurpose } = credential.credentialStatus;
    expect(statusPurpose).toBe('revocation');
    const listPath = new URL(statusListCredential).pathname;
    const beforeResponse = await api.get(listPath).expect(200);
    expectContract(app, 'GET /api/v1/credentials/status/:listId', beforeResponse.body);
    const before = json(beforeResponse, statusListResponseSchema);
    expect(verifyEddsaJcs(before, method.publicKeyMultibase)).toBe(true);
    expect(statusBit(before.credentialSubject.encodedList, Number(statusListIndex))).toBe(0);

    await api
      .post('/api/v1/badges/HOST/revoke')
      .set(admin.auth)
      .send({ userId: member.userId, reason: 'Call was cancelled' })
      .expect(200);
    await app.waitForProjections();
    const after = json(await api.get(listPath).expect(200), statusListResponseSchema);
    expect(verifyEddsaJcs(after, method.publicKeyMultibase)).toBe(true);
    expect(statusBit(after.credentialSubject.encodedList, Number(statusListIndex))).toBe(1);
    // The credential itself is unchanged and still verifies: revocation is the list's word, as the spec has it.
    expect(
      verifyEddsaJcs(
        json(await api.get(`/api/v1/credentials/${credentialId}`).expect(200), credentialResponseSchema),
        method.publicKeyMultibase,
      ),
    ).toBe(true);
  });

  it('answers 404 for a credential that does not exist', async () => {
    const missing = await request(app.baseUrl)
      .get('/api/v1/credentials/00000000-0000-4000-8000-000000000001')
      .expect(404);
    expect(errorOf(missing).error).toBe('CREDENTIAL_NOT_FOUND');
  });
});
