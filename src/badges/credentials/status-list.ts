import { gzipSync } from 'node:zlib';

/** Bitstring Status List v1.0 §2.1: at least 16 KB (131 072 entries), so one member's status hides in the crowd. */
export const STATUS_LIST_LENGTH = 131_072;

/**
 * `encodedList`: multibase base64url (`u`) of the GZIP of the bitstring, index 0 being the
 * most significant bit of the first byte. A set bit is a revoked credential.
 */
export function encodeStatusList(revokedIndexes: Iterable<number>): string {
  const bits = Buffer.alloc(STATUS_LIST_LENGTH / 8);
  for (const index of revokedIndexes) bits[index >> 3] |= 0x80 >> (index & 7);
  // mtime 0 and fixed level: the same revocations give the same bytes, so the signature is stable too.
  return `u${gzipSync(bits, { level: 9 }).toString('base64url')}`;
}
