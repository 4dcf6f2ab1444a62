import { createHash } from 'node:crypto';
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
      return { origin: checkpoint.origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, keyId, signature: Buffer.from(signature).toString('hex') };
    },
  };
}

/**
 * False for anything malformed, never an exception: signatures come from untrusted input. A
 * high-S signature (s > n/2) is refused: the signer only writes low-S, and (r, n − s) would be a
 * second valid encoding of the same signature, which every verifier must reject alike
 * (docs/AUDIT-BUNDLE.md §5).
 */
export function verifyCheckpointSignature(checkpoint: SignedCheckpoint, key: PublicSigningKey): boolean {
  if (checkpoint.keyId !== key.keyId) return false;
  try {
    return p256.verify(Buffer.from(checkpoint.signature, 'hex'), checkpointMessage(checkpoint), Buffer.from(key.publicKey, 'hex'), { lowS: true });
  } catch {
    return false;
  }
}

/** A public key as read from a file: its id must really be the hash of the key. */
export function isConsistentPublicKey(key: PublicSigningKey): boolean {
  if (!/^04[0-9a-f]{128}$/.test(key.publicKey)) return false;
  const bytes = Buffer.from(key.publicKey, 'hex');
  return keyIdOf(bytes) === key.keyId && p256.utils.isValidPublicKey(bytes, false);
}
