import { createHash, hash as oneShotHash } from 'node:crypto';
import { canonicalEnvelope, type ChainedEnvelope } from './event-envelope';
import { HASH_SIZE_BYTES } from './merkle';

/** The predecessor hash of a stream's first event: 32 zero bytes. */
export const GENESIS_HASH_HEX = '0'.repeat(64);

export type { ChainedEnvelope };
export { canonicalEnvelope };

/** Where prevHash and the envelope are encoded for hashing: one buffer reused, not one allocated per event. */
const scratch = Buffer.allocUnsafe(256 * 1024);
/** UTF-8 needs at most 3 bytes per UTF-16 code unit, so a text this long always fits after the prevHash. */
const SCRATCH_TEXT_UNITS = Math.floor((scratch.length - HASH_SIZE_BYTES) / 3);

/**
 * hash = SHA-256(prevHash ‖ UTF-8(JCS(envelope))), as lowercase hex. Full verification calls this
 * for every stored event, so the usual case allocates nothing but the envelope text and the hex
 * result: prevHash is decoded and the envelope encoded side by side into a reused buffer, then
 * hashed in one call. A prevHash that is not 64 hex digits, or an envelope too long for the
 * buffer, takes the general path, which gives the same hash.
 */
export function chainHash(prevHashHex: string, envelope: ChainedEnvelope): string {
  const text = canonicalEnvelope(envelope);
  if (
    prevHashHex.length === 2 * HASH_SIZE_BYTES &&
    text.length <= SCRATCH_TEXT_UNITS &&
    scratch.write(prevHashHex, 0, 'hex') === HASH_SIZE_BYTES
  ) {
    const bytes = scratch.write(text, HASH_SIZE_BYTES, 'utf8');
    return oneShotHash('sha256', scratch.subarray(0, HASH_SIZE_BYTES + bytes), 'hex');
  }
  return createHash('sha256').update(Buffer.from(prevHashHex, 'hex')).update(text, 'utf8').digest('hex');
}
