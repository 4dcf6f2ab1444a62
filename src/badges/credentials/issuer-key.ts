import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58btc } from './base58btc';

/** The platform's Open Badges issuer key: Ed25519, for eddsa-jcs-2022 proofs. */
export interface IssuerKey {
  /** Multikey: `z` + base58btc(0xed01 ‖ public key). */
  publicKeyMultibase: string;
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

const ED25519_MULTICODEC = Uint8Array.from([0xed, 0x01]);

/**
 * The Ed25519 seed is SHA-256 of a label and ISSUER_KEY, so any high-entropy secret (a generated
 * DATA_DIR/issuer-key, or the environment's) serves, and this key is never the same as another.
 */
export function issuerKeyFromSecret(secret: string): IssuerKey {
  const seed = createHash('sha256').update('smartstart/openbadges-issuer/v1\u0000').update(secret).digest();
  const publicKey = ed25519.getPublicKey(seed);
  return {
    publicKey,
    publicKeyMultibase: `z${base58btc(Uint8Array.from([...ED25519_MULTICODEC, ...publicKey]))}`,
    sign: (message) => ed25519.sign(message, seed),
  };
}
