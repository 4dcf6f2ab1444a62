import { bytesToHex, hexToBytes, type Bytes } from '../merkle.js';

/** The order n of the P-256 group. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * WebCrypto's 64-byte r ‖ s (IEEE P1363, what the server's signSchema takes) with s replaced by
 * n − s when it is in the upper half. Both verify (the server accepts either), but low-S is the
 * one encoding every verifier takes, the ledger's own checkpoint checks included.
 */
export function lowS(signature: Bytes): Bytes {
  if (signature.length !== 64) throw new RangeError('A P-256 signature from WebCrypto is 64 bytes');
  const s = BigInt(`0x${bytesToHex(signature.slice(32))}`);
  if (s <= P256_ORDER / 2n) return signature;
  const normalised = new Uint8Array(64);
  normalised.set(signature.slice(0, 32), 0);
  normalised.set(hexToBytes((P256_ORDER - s).toString(16).padStart(64, '0')) as Bytes, 32);
  return normalised;
}

export async function signText(privateKey: Parameters<typeof crypto.subtle.sign>[1], text: string): Promise<string> {
  const signature = new Uint8Array(await crypto.subtle.sign(ALGORITHM, privateKey, new TextEncoder().encode(text)));
  return bytesToHex(lowS(signature));
}

/** ECDSA P-256 / SHA-256 over the UTF-8 of `text`, checked with WebCrypto. False for anything malformed. */
export async function verifyText(publicKeyHex: string, text: string, signatureHex: string): Promise<boolean> {
  const publicKey = hexToBytes(publicKeyHex);
  const signature = hexToBytes(signatureHex);
  if (!publicKey || !signature || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('raw', publicKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'verify',
    ]);
    return await crypto.subtle.verify(ALGORITHM, key, signature, new TextEncoder().encode(text));
  } catch {
    return false;
  }
}

/** SHA-256 of a file's bytes, in this browser: the file never leaves it. */
export async function fileSha256(file: Blob): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer())));
}
