import { createHash } from 'node:crypto';

/** The predecessor hash of a stream's first event: 32 zero bytes. */
export const GENESIS_HASH_HEX = '0'.repeat(64);

/** What the chain hash covers (DESIGN §3). `data` and `metadata` are already canonical text. */
export interface ChainedEnvelope {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
}

/**
 * JCS({streamId, revision, eventId, type, data, metadata}) built by concatenation. This equals
 * running the canonicalizer over the parsed envelope because keys are emitted in JCS order,
 * `data`/`metadata` are canonical already, and stream ids, event ids and types are restricted to
 * characters JSON never escapes (see event-naming.ts). The PostgreSQL append function builds
 * the same text; test/fixtures/chain-vectors.json pins both to the same bytes.
 */
export function canonicalEnvelope(envelope: ChainedEnvelope): string {
  return (
    `{"data":${envelope.dataText},"eventId":"${envelope.eventId}","metadata":${envelope.metadataText},` +
    `"revision":${envelope.revision.toString()},"streamId":"${envelope.streamId}","type":"${envelope.type}"}`
  );
}

/** hash = SHA-256(prevHash ‖ UTF-8(JCS(envelope))), as lowercase hex. */
export function chainHash(prevHashHex: string, envelope: ChainedEnvelope): string {
  return createHash('sha256')
    .update(Buffer.from(prevHashHex, 'hex'))
    .update(canonicalEnvelope(envelope), 'utf8')
    .digest('hex');
}
