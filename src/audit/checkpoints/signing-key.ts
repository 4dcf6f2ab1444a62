import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { checkpointMessage, type Checkpoint, type SignedCheckpoint } from './checkpoint';

/** What a verifier needs: the key, and the id checkpoints name it by. */
export interface PublicSigningKey {
  /** Lowercase hex SHA-256 of `publicKey`'s bytes. */
  keyId: string;
  /** Lowercase hex of the 65-byte uncompressed SEC1 point 0x04 ‖ X ‖ Y. */
  publicKey: string;
}

export interface SigningKey extends PublicSigningKey {
  sign(checkpoint: Checkpoint): SignedCheckpoint;
}

export function keyIdOf(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex');
}

export function isValidSecretKey(secretKeyHex: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(secretKeyHex) && p256.utils.isValidSecretKey(Buffer.from(secretKeyHex, 'hex'));
}

export function generateSecretKeyHex(): string {
  return Buffer.from(p256.utils.randomSecretKey()).toString('hex');
}

/**
 * ECDSA P-256 over SHA-256 of checkpointMessage() (noble prehashes with SHA-256), with RFC 6979
 * deterministic nonces and low-S, encoded as the 64-byte compact r ‖ s.
 */
export function signingKeyFromSecret(secretKeyHex: string): SigningKey {
  const secretKey = Buffer.from(secretKeyHex, 'hex');
  const publicKey = p256.getPublicKey(secretKey, false);
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    publicKey: Buffer.from(publicKey).toString('hex'),
    sign(checkpoint) {
      const signature = p256.sign(checkpointMessage(checkpoint), secretKey, { lowS: true });
      return {
        origin: checkpoint.origin,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        keyId,
        signature: Buffer.from(signature).toString('hex'),
      };
    },
  };
}

/** The order n of the P-256 group; a low-S signature has s ≤ ⌊n/2⌋. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const COMPACT_SIGNATURE = /^[0-9a-fA-F]{128}$/;

/**
 * False for anything malformed, never an exception: signatures come from untrusted input. A
 * high-S signature (s > n/2) is refused: the signer only writes low-S, and (r, n − s) would be a
 * second valid encoding of the same signature, which every verifier must reject alike
 * (docs/AUDIT-BUNDLE.md §5). The ranges are checked here and the curve arithmetic left to
 * node:crypto (OpenSSL), about a hundred times faster than noble's verify for a key met once,
 * which cost an offline verification of 200k events half a second for its 50 checkpoints.
 */
export function verifyCheckpointSignature(checkpoint: SignedCheckpoint, key: PublicSigningKey): boolean {
  if (checkpoint.keyId !== key.keyId || !COMPACT_SIGNATURE.test(checkpoint.signature)) return false;
  const r = BigInt(`0x${checkpoint.signature.slice(0, 64)}`);
  const s = BigInt(`0x${checkpoint.signature.slice(64)}`);
  if (r === 0n || r >= P256_ORDER || s === 0n || s > P256_ORDER >> 1n) return false;
  try {
    return verify(
      'sha256',
      checkpointMessage(checkpoint),
      { key: publicKeyObject(key.publicKey), dsaEncoding: 'ieee-p1363' },
      Buffer.from(checkpoint.signature, 'hex'),
    );
  } catch {
    return false;
  }
}

/** The last key verified with, parsed once: a verifier checks every checkpoint against the same key. */
let lastKey: { hex: string; object: KeyObject } | null = null;

function publicKeyObject(publicKeyHex: string): KeyObject {
  if (lastKey?.hex !== publicKeyHex) {
    const spki = Buffer.concat([P256_SPKI_PREFIX, Buffer.from(publicKeyHex, 'hex')]);
    lastKey = { hex: publicKeyHex, object: createPublicKey({ key: spki, format: 'der', type: 'spki' }) };
  }
  return lastKey.object;
}

/** A public key as read from a file: its id must really be the hash of the key. */
export function isConsistentPublicKey(key: PublicSigningKey): boolean {
  if (!/^04[0-9a-f]{128}$/.test(key.publicKey)) return false;
  const bytes = Buffer.from(key.publicKey, 'hex');
  return keyIdOf(bytes) === key.keyId && p256.utils.isValidPublicKey(bytes, false);
}
