import { createHash, randomUUID, webcrypto } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { parseP1363, verifyP256 } from '../../../src/documents/crypto/ecdsa-p256';
import { signingStatement as serverStatement } from '../../../src/documents/domain/signature.decide';
import { lowS, signText, verifyText } from '../../../ui/src/lib/signing/ecdsa';
import { checkRecordedSignature, type RecordedSignature } from '../../../ui/src/lib/signing/signature-check';
import { parseStatement, signingStatement } from '../../../ui/src/lib/signing/statement';

/** What the portal's signing page and /verify page compute in the browser, held to what the server verifies. */

const N = p256.Point.CURVE().n;
const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

function fields(
  overrides: Partial<Parameters<typeof signingStatement>[0]> = {},
): Parameters<typeof signingStatement>[0] {
  return {
    documentId: randomUUID(),
    documentSha256: sha256Hex('document'),
    requestId: randomUUID(),
    signerId: randomUUID(),
    signedAt: new Date().toISOString(),
    intent: 'sign',
    ...overrides,
  };
}

async function keyPair() {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const publicKey = Buffer.from(await webcrypto.subtle.exportKey('raw', pair.publicKey));
  return {
    privateKey: pair.privateKey,
    publicKey,
    publicKeyHex: publicKey.toString('hex'),
    keyId: createHash('sha256').update(publicKey).digest('hex'),
  };
}

const serverAccepts = (publicKey: Buffer, text: string, signatureHex: string) =>
  verifyP256(publicKey, new TextEncoder().encode(text), parseP1363(Buffer.from(signatureHex, 'hex')));

describe('the statement the browser signs', () => {
  it('is exactly the server’s RFC 8785 statement, for every intent', () => {
    for (const intent of ['sign', 'approve', 'acknowledge'] as const) {
      const statement = fields({ intent, signerId: 'share:0b6f…"quoted"' });
      expect(signingStatement(statement)).toBe(serverStatement(statement));
    }
  });

  it('reads back only the canonical text of its own six fields', () => {
    const statement = fields();
    const text = signingStatement(statement);
    expect(parseStatement(text)).toEqual(statement);
    expect(parseStatement(JSON.stringify(statement, null, 1))).toBeNull();
    expect(parseStatement(text.replace('{', '{"extra":"x",'))).toBeNull();
    expect(parseStatement(JSON.stringify({ ...statement, intent: 1 }))).toBeNull();
    expect(parseStatement('not json')).toBeNull();
  });
});

describe('signatures made in the browser', () => {
  it('are 64-byte r ‖ s with a low s, which the server verifies', async () => {
    const key = await keyPair();
    const text = signingStatement(fields());
    for (let attempt = 0; attempt < 8; attempt++) {
      const signatureHex = await signText(key.privateKey, text);
      expect(signatureHex).toMatch(/^[0-9a-f]{128}$/);
      expect(BigInt(`0x${signatureHex.slice(64)}`) <= N / 2n).toBe(true);
      expect(serverAccepts(key.publicKey, text, signatureHex)).toBe(true);
      expect(
        p256.verify(Buffer.from(signatureHex, 'hex'), new TextEncoder().encode(text), key.publicKey, {
          lowS: true,
          prehash: true,
          format: 'compact',
        }),
      ).toBe(true);
    }
  });

  it('turn a high s into n − s and leave a low one alone', async () => {
    const key = await keyPair();
    const text = 'a message';
    const raw = new Uint8Array(
      await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(text)),
    );
    const s = BigInt(`0x${Buffer.from(raw.slice(32)).toString('hex')}`);
    const low = s <= N / 2n ? s : N - s;
    const high = Buffer.concat([
      Buffer.from(raw.slice(0, 32)),
      Buffer.from((N - low).toString(16).padStart(64, '0'), 'hex'),
    ]);
    const normalised = lowS(new Uint8Array(high));
    expect(Buffer.from(normalised.slice(0, 32))).toEqual(high.subarray(0, 32));
    expect(BigInt(`0x${Buffer.from(normalised.slice(32)).toString('hex')}`)).toBe(low);
    expect(lowS(normalised)).toEqual(normalised);
    expect(await verifyText(key.publicKeyHex, text, Buffer.from(normalised).toString('hex'))).toBe(true);
    expect(() => lowS(new Uint8Array(63))).toThrow(RangeError);
  });
});

describe('the /verify page’s check of a recorded signature', () => {
  async function recorded(fileSha256: string) {
    const key = await keyPair();
    const statement = fields({ documentSha256: fileSha256 });
    const text = signingStatement(statement);
    const record: RecordedSignature = {
      requestId: statement.requestId,
      documentId: statement.documentId,
      signerId: statement.signerId,
      keyId: key.keyId,
      publicKeyHex: key.publicKeyHex,
      statement: text,
      signatureHex: await signText(key.privateKey, text),
      signedAt: statement.signedAt,
      eventId: randomUUID(),
      inclusion: null,
    };
    return { key, record };
  }
  const checkpointKey = { algorithm: 'ECDSA-P256-SHA256', keyId: '00'.repeat(32), publicKey: '04'.padEnd(130, '0') };

  it('confirms a genuine signature over the file’s hash, its inclusion still pending', async () => {
    const fileSha256 = sha256Hex('the file');
    const { record } = await recorded(fileSha256);
    expect(await checkRecordedSignature(fileSha256, record, checkpointKey)).toMatchObject({
      valid: true,
      inclusion: 'pending',
    });
  });

  it('refuses a statement about another hash, a record that names another signer, a swapped key and a signature over other text', async () => {
    const fileSha256 = sha256Hex('the file');
    const { record } = await recorded(fileSha256);
    const other = await recorded(fileSha256);
    expect((await checkRecordedSignature(sha256Hex('another file'), record, checkpointKey)).valid).toBe(false);
    expect((await checkRecordedSignature(fileSha256, { ...record, signerId: randomUUID() }, checkpointKey)).valid).toBe(
      false,
    );
    expect(
      (await checkRecordedSignature(fileSha256, { ...record, publicKeyHex: other.key.publicKeyHex }, checkpointKey))
        .valid,
    ).toBe(false);
    expect(
      (
        await checkRecordedSignature(
          fileSha256,
          { ...record, keyId: other.key.keyId, publicKeyHex: other.key.publicKeyHex },
          checkpointKey,
        )
      ).valid,
    ).toBe(false);
    expect(
      (await checkRecordedSignature(fileSha256, { ...record, signatureHex: other.record.signatureHex }, checkpointKey))
        .valid,
    ).toBe(false);
  });

  it('fails the inclusion of a proof about another event', async () => {
    const fileSha256 = sha256Hex('the file');
    const { record } = await recorded(fileSha256);
    const event = {
      streamId: 'other-1',
      revision: '0',
      eventId: randomUUID(),
      type: 'SomethingElse',
      dataText: '{}',
      metadataText: '{}',
      prevHash: '00'.repeat(32),
      hash: '11'.repeat(32),
    };
    const inclusion = {
      event,
      leafIndex: 0,
      treeSize: 1,
      leafHash: '22'.repeat(32),
      rootHash: '22'.repeat(32),
      proof: [],
      checkpoint: null,
    };
    expect((await checkRecordedSignature(fileSha256, { ...record, inclusion }, checkpointKey)).inclusion).toBe(
      'failed',
    );
  });
});
