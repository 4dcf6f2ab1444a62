import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';

/**
 * ECDSA P-256 over SHA-256, strict about encodings: what a browser's WebCrypto produces (the
 * 64-byte IEEE P1363 r ‖ s) or ASN.1 DER, with no leniency that would let two encodings of one
 * signature, or bytes around one, pass. Both s and n − s verify (browsers produce either).
 */

const N = p256.Point.CURVE().n;
const SCALAR_BYTES = 32;

export class InvalidPublicKeyError extends Error {}

/** A SEC1 point, compressed (33 bytes) or uncompressed (65): on the curve, not the point at infinity. */
export function parsePublicKey(bytes: Uint8Array): Uint8Array {
  const lengthFits =
    (bytes.length === 33 && (bytes[0] === 0x02 || bytes[0] === 0x03)) || (bytes.length === 65 && bytes[0] === 0x04);
  if (!lengthFits)
    throw new InvalidPublicKeyError('A P-256 public key is 33 bytes (02/03 ‖ X) or 65 bytes (04 ‖ X ‖ Y)');
  try {
    const point = p256.Point.fromBytes(bytes);
    point.assertValidity();
    if (point.is0()) throw new InvalidPublicKeyError('The point at infinity is not a public key');
  } catch (error) {
    throw error instanceof InvalidPublicKeyError
      ? error
      : new InvalidPublicKeyError('The point is not on the P-256 curve');
  }
  return bytes;
}

/** Key id: lowercase hex SHA-256 of the SEC1 bytes as registered. */
export function signingKeyIdOf(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex');
}

/** r and s from a 64-byte P1363 signature, or null when the length is wrong. */
export function parseP1363(signature: Uint8Array): { r: bigint; s: bigint } | null {
  if (signature.length !== 2 * SCALAR_BYTES) return null;
  return { r: bigintOf(signature.subarray(0, SCALAR_BYTES)), s: bigintOf(signature.subarray(SCALAR_BYTES)) };
}

/**
 * r and s from DER `SEQUENCE { INTEGER r, INTEGER s }`, or null unless the encoding is exactly
 * canonical: short-form lengths that match the bytes, nothing after the sequence, and each
 * integer positive and minimal (no leading zero unless the next byte's top bit is set).
 */
export function parseDer(signature: Uint8Array): { r: bigint; s: bigint } | null {
  if (signature.length < 8 || signature[0] !== 0x30 || signature[1] >= 0x80 || signature[1] !== signature.length - 2)
    return null;
  const r = readDerInteger(signature, 2);
  if (!r) return null;
  const s = readDerInteger(signature, r.end);
  if (!s || s.end !== signature.length) return null;
  return { r: r.value, s: s.value };
}

function readDerInteger(bytes: Uint8Array, at: number): { value: bigint; end: number } | null {
  if (at + 2 > bytes.length || bytes[at] !== 0x02) return null;
  const length = bytes[at + 1];
  const start = at + 2;
  const end = start + length;
  if (length === 0 || length > SCALAR_BYTES + 1 || end > bytes.length) return null;
  if (bytes[start] & 0x80) return null;
  if (bytes[start] === 0x00 && (length === 1 || !(bytes[start + 1] & 0x80))) return null;
  return { value: bigintOf(bytes.subarray(start, end)), end };
}

/**
 * Standard ECDSA verification of `message` (hashed with SHA-256) under `publicKey`. r and s must
 * lie in [1, n − 1]; high s is accepted. False for anything that is not a valid signature.
 */
export function verifyP256(publicKey: Uint8Array, message: Uint8Array, rs: { r: bigint; s: bigint } | null): boolean {
  if (!rs || rs.r < 1n || rs.r >= N || rs.s < 1n || rs.s >= N) return false;
  const compact = new Uint8Array(2 * SCALAR_BYTES);
  compact.set(bytesOf(rs.r), 0);
  compact.set(bytesOf(rs.s), SCALAR_BYTES);
  try {
    return p256.verify(compact, message, publicKey, { lowS: false, prehash: true, format: 'compact' });
  } catch {
    return false;
  }
}

function bigintOf(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function bytesOf(value: bigint): Uint8Array {
  return Buffer.from(value.toString(16).padStart(2 * SCALAR_BYTES, '0'), 'hex');
}
