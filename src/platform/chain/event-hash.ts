import { createHash, hash as oneShotHash } from 'node:crypto';
import { HASH_SIZE_BYTES } from './merkle';

/** The predecessor hash of a stream's first event: 32 zero bytes. */
export const GENESIS_HASH_HEX = '0'.repeat(64);
export const GENESIS_HASH: Uint8Array = new Uint8Array(HASH_SIZE_BYTES);

/** What the chain hash covers (DESIGN §3). `data` and `metadata` are already canonical text. */
export interface ChainedEnvelope {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
}

/** The envelope with its revision as decimal text, as PostgreSQL returns an int8 (the verifier's rows). */
export type EnvelopeFields = Omit<ChainedEnvelope, 'revision'> & { revision: bigint | string };

/**
 * JCS({streamId, revision, eventId, type, data, metadata}) built by concatenation. This equals
 * running the canonicalizer over the parsed envelope because keys are emitted in JCS order,
 * `data`/`metadata` are canonical already, and stream ids, event ids and types are restricted to
 * characters JSON never escapes (see event-naming.ts). The PostgreSQL append function builds
 * the same text; test/fixtures/chain-vectors.json pins both to the same bytes. A revision given
 * as text must be plain decimal (what int8 output and bigint.toString() both write).
 */
export function canonicalEnvelope(envelope: EnvelopeFields): string {
  return (
    `{"data":${envelope.dataText},"eventId":"${envelope.eventId}","metadata":${envelope.metadataText},` +
    `"revision":${envelope.revision},"streamId":"${envelope.streamId}","type":"${envelope.type}"}`
  );
}

/** hash = SHA-256(prevHash ‖ UTF-8(JCS(envelope))), as lowercase hex. */
export function chainHash(prevHashHex: string, envelope: ChainedEnvelope): string {
  return chainDigest(Buffer.from(prevHashHex, 'hex'), envelope).toString('hex');
}

/** Where an envelope is encoded for hashing: one buffer reused, not one allocated per event. */
const scratch = Buffer.allocUnsafe(256 * 1024);
/** UTF-8 needs at most 3 bytes per UTF-16 code unit, so a text this long always fits in `scratch`. */
const SCRATCH_TEXT_UNITS = Math.floor((scratch.length - HASH_SIZE_BYTES) / 3);

/**
 * The same hash as 32 bytes, from the predecessor's 32 bytes. The verifier keeps each event's
 * digest as the next one's prevHash, so per event it encodes no hex and allocates only the
 * envelope text and the digest: one-shot SHA-256 over prevHash and the envelope's UTF-8,
 * written side by side into a reused buffer.
 */
export function chainDigest(prevHash: Uint8Array, envelope: EnvelopeFields): Buffer {
  const text = canonicalEnvelope(envelope);
  if (prevHash.length !== HASH_SIZE_BYTES || text.length > SCRATCH_TEXT_UNITS) {
    return createHash('sha256').update(prevHash).update(text, 'utf8').digest();
  }
  scratch.set(prevHash, 0);
  const bytes = scratch.write(text, HASH_SIZE_BYTES, 'utf8');
  return oneShotHash('sha256', scratch.subarray(0, HASH_SIZE_BYTES + bytes), 'buffer');
}
