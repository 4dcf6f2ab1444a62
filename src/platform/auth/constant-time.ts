import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether two secrets (or hashes of secrets) are equal, in a time that depends on neither.
 * timingSafeEqual needs equal lengths, so both sides are hashed to 32 bytes first: then not even
 * a length is compared, and equal digests mean equal inputs.
 */
export function secretsEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
