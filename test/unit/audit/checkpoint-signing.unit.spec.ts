import { createHash, createPublicKey, verify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { checkpointMessage, type Checkpoint } from '../../../src/audit/checkpoints/checkpoint';
import {
  isConsistentPublicKey,
  signingKeyFromSecret,
  verifyCheckpointSignature,
} from '../../../src/audit/checkpoints/signing-key';

const KEY = signingKeyFromSecret('6b1f0c7c1bd8b5f2f2cbb7b6f0a4d7e1b1a2c3d4e5f60718293a4b5c6d7e8f90');
const CHECKPOINT: Checkpoint = { origin: 'smartstart-ledger', treeSize: 15, rootHash: 'ab'.repeat(32) };

describe('checkpoint signatures', () => {
  it('sign the UTF-8 bytes of the RFC 8785 text of {origin, rootHash, treeSize}', () => {
    expect(Buffer.from(checkpointMessage(CHECKPOINT)).toString('utf8')).toBe(
      `{"origin":"smartstart-ledger","rootHash":"${'ab'.repeat(32)}","treeSize":15}`,
    );
  });

  it('name the key by the SHA-256 of its uncompressed public key', () => {
    expect(KEY.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(KEY.keyId).toBe(createHash('sha256').update(Buffer.from(KEY.publicKey, 'hex')).digest('hex'));
    expect(isConsistentPublicKey(KEY)).toBe(true);
    expect(isConsistentPublicKey({ ...KEY, keyId: 'f'.repeat(64) })).toBe(false);
  });

  it('are 64-byte r ‖ s over SHA-256 that an independent ECDSA verifier accepts', () => {
    const signed = KEY.sign(CHECKPOINT);
    expect(signed.signature).toMatch(/^[0-9a-f]{128}$/);
    const digest = createHash('sha256').update(checkpointMessage(CHECKPOINT)).digest();
    expect(
      p256.verify(Buffer.from(signed.signature, 'hex'), digest, Buffer.from(KEY.publicKey, 'hex'), { prehash: false }),
    ).toBe(true);
    expect(verifyCheckpointSignature(signed, KEY)).toBe(true);
  });

  it('fail for any changed field, another key, or garbage', () => {
    const signed = KEY.sign(CHECKPOINT);
    const other = signingKeyFromSecret('1'.repeat(64));
    expect(verifyCheckpointSignature({ ...signed, treeSize: 16 }, KEY)).toBe(false);
    expect(verifyCheckpointSignature({ ...signed, rootHash: 'cd'.repeat(32) }, KEY)).toBe(false);
    expect(verifyCheckpointSignature({ ...signed, origin: 'another-log' }, KEY)).toBe(false);
    expect(verifyCheckpointSignature({ ...other.sign(CHECKPOINT), keyId: KEY.keyId }, KEY)).toBe(false);
    expect(verifyCheckpointSignature({ ...signed, signature: '00'.repeat(64) }, KEY)).toBe(false);
    expect(verifyCheckpointSignature({ ...signed, signature: 'zz' }, KEY)).toBe(false);
  });

  it('are written low-S, and the same signature with s replaced by n − s (high-S) is refused, though node:crypto accepts it', () => {
    for (let treeSize = 0; treeSize < 20; treeSize += 1) {
      const signed = KEY.sign({ ...CHECKPOINT, treeSize });
      expect(BigInt(`0x${signed.signature.slice(64)}`) <= P256_ORDER / 2n).toBe(true);
      const highS = { ...signed, signature: withHighS(signed.signature) };
      const spki = {
        key: Buffer.concat([P256_SPKI_PREFIX, Buffer.from(KEY.publicKey, 'hex')]),
        format: 'der',
        type: 'spki',
      } as const;
      expect(
        verify(
          'sha256',
          checkpointMessage(highS),
          { key: createPublicKey(spki), dsaEncoding: 'ieee-p1363' },
          Buffer.from(highS.signature, 'hex'),
        ),
      ).toBe(true);
      expect(verifyCheckpointSignature(highS, KEY)).toBe(false);
    }
  });

  it('refuse r or s outside 1 … n − 1, whatever the rest of the signature', () => {
    const signed = KEY.sign(CHECKPOINT);
    const [r, s] = [signed.signature.slice(0, 64), signed.signature.slice(64)];
    const scalar = (value: bigint) => value.toString(16).padStart(64, '0');
    for (const signature of [scalar(0n) + s, r + scalar(0n), scalar(P256_ORDER) + s, r + scalar(P256_ORDER)]) {
      expect(verifyCheckpointSignature({ ...signed, signature }, KEY)).toBe(false);
    }
    expect(verifyCheckpointSignature({ ...signed, signature: signed.signature.toUpperCase() }, KEY)).toBe(true);
  });
});

/** The order n of the P-256 group. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

/** r ‖ (n − s): the other valid encoding of the same ECDSA signature. */
function withHighS(signature: string): string {
  const s = BigInt(`0x${signature.slice(64)}`);
  return signature.slice(0, 64) + (P256_ORDER - s).toString(16).padStart(64, '0');
}
