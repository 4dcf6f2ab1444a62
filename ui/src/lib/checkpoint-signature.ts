import type { PublicKey, SignedCheckpoint } from './api/audit-types.js';
import { bytesToHex, hexToBytes, sha256, type Bytes } from './merkle.js';

/**
 * The exact bytes the sealer signs: UTF-8 of the RFC 8785 text of {origin, rootHash, treeSize}.
 * JCS sorts those three keys as written here, writes strings as JSON.stringify does and a safe
 * integer as its decimal digits, so concatenation gives the canonical text.
 */
export function checkpointMessage(checkpoint: Pick<SignedCheckpoint, 'origin' | 'rootHash' | 'treeSize'>): Bytes {
  if (!Number.isSafeInteger(checkpoint.treeSize)) throw new RangeError('treeSize is not a safe integer');
  return new TextEncoder().encode(
    `{"origin":${JSON.stringify(checkpoint.origin)},"rootHash":${JSON.stringify(checkpoint.rootHash)},"treeSize":${checkpoint.treeSize}}`,
  );
}

/** The key id is SHA-256 of the key's bytes: a server cannot show one id and use another key. */
export async function isConsistentKey(key: PublicKey): Promise<boolean> {
  const bytes = hexToBytes(key.publicKey);
  return bytes !== null && bytes.length === 65 && bytesToHex(await sha256(bytes)) === key.keyId;
}

/** The order n of the P-256 group. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/**
 * Low-S (docs/AUDIT-BUNDLE.md §5): 0 < r < n and 0 < s ≤ n/2. WebCrypto accepts (r, n − s) as
 * well, a second encoding of the same signature; the sealer never writes one, and the CLI and the
 * server refuse it, so the browser must too, or it shows ✓ where they say "forged".
 */
export function isLowS(signatureHex: string): boolean {
  if (!/^[0-9a-f]{128}$/.test(signatureHex)) return false;
  const r = BigInt(`0x${signatureHex.slice(0, 64)}`);
  const s = BigInt(`0x${signatureHex.slice(64)}`);
  return r > 0n && r < P256_ORDER && s > 0n && s <= P256_ORDER / 2n;
}

/**
 * ECDSA P-256 with SHA-256 over checkpointMessage(), the signature as 64 bytes r ‖ s (IEEE
 * P1363, which is what WebCrypto expects), low-S, checked with WebCrypto. False for anything malformed.
 */
export async function verifyCheckpointSignature(checkpoint: SignedCheckpoint, key: PublicKey): Promise<boolean> {
  const publicKey = hexToBytes(key.publicKey);
  const signature = hexToBytes(checkpoint.signature);
  if (
    checkpoint.keyId !== key.keyId ||
    !publicKey ||
    publicKey.length !== 65 ||
    !signature ||
    !isLowS(checkpoint.signature)
  )
    return false;
  try {
    const imported = await crypto.subtle.importKey('raw', publicKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ]);
    return await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      imported,
      signature,
      checkpointMessage(checkpoint),
    );
  } catch {
    return false;
  }
}

/** WebCrypto only exists in secure contexts (https, or localhost). */
export function browserCryptoAvailable(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the DOM types omit that insecure contexts have no crypto.subtle
  return typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}
