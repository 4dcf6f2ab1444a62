import type { PublicKey, SignedCheckpoint } from './api/audit-types.js';
import { bytesToHex, hexToBytes, sha256, type Bytes } from './merkle.js';

/**
 * The exact bytes the sealer signs: UTF-8 of the RFC 8785 text of {origin, rootHash, treeSize}.
 * JCS sorts those three keys as written here, writes strings as JSON.stringify does and a safe
 * integer as its decimal digits, so concatenation gives the canonical text.
 */
export function checkpointMessage(checkpoint: Pick<SignedCheckpoint, 'origin' | 'rootHash' | 'treeSize'>): Bytes {
  if (!Number.isSafeInteger(checkpoint.treeSize)) throw new RangeError('treeSize is not a safe integer');
  return new TextEncoder().encode(`{"origin":${JSON.stringify(checkpoint.origin)},"rootHash":${JSON.stringify(checkpoint.rootHash)},"treeSize":${checkpoint.treeSize}}`);
}

/** The key id is SHA-256 of the key's bytes: a server cannot show one id and use another key. */
export async function isConsistentKey(key: PublicKey): Promise<boolean> {
  const bytes = hexToBytes(key.publicKey);
  return bytes !== null && bytes.length === 65 && bytesToHex(await sha256(bytes)) === key.keyId;
}

/**
 * ECDSA P-256 with SHA-256 over checkpointMessage(), the signature as 64 bytes r ‖ s (IEEE
 * P1363, which is what WebCrypto expects), checked with WebCrypto. False for anything malformed.
 */
export async function verifyCheckpointSignature(checkpoint: SignedCheckpoint, key: PublicKey): Promise<boolean> {
  const publicKey = hexToBytes(key.publicKey);
  const signature = hexToBytes(checkpoint.signature);
  if (checkpoint.keyId !== key.keyId || !publicKey || publicKey.length !== 65 || !signature || signature.length !== 64) return false;
  try {
    const imported = await crypto.subtle.importKey('raw', publicKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, imported, signature, checkpointMessage(checkpoint));
  } catch {
    return false;
  }
}

/** WebCrypto only exists in secure contexts (https, or localhost). */
export function browserCryptoAvailable(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the DOM types omit that insecure contexts have no crypto.subtle
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}
