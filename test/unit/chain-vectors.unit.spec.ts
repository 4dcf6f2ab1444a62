import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalEventJson } from '../../src/platform/chain/canonical-json';
import { canonicalEnvelope, chainHash } from '../../src/platform/chain/event-hash';
import { chainVectors } from '../support/chain-vectors';

describe('hash chain vectors (test/fixtures/chain-vectors.json)', () => {
  it.each(chainVectors)('$streamId@$revision: an independent JCS + SHA-256 gives the committed hash', (vector) => {
    const envelope = { streamId: vector.streamId, revision: vector.revision, eventId: vector.eventId, type: vector.type, data: vector.data, metadata: vector.metadata };
    const independent = createHash('sha256').update(Buffer.from(vector.prevHash, 'hex')).update(canonicalize(envelope) as string, 'utf8').digest('hex');
    expect(canonicalize(envelope)).toBe(vector.canonicalEnvelope);
    expect(independent).toBe(vector.hash);
  });

  it.each(chainVectors)('$streamId@$revision: our envelope builder and chainHash agree', (vector) => {
    const envelope = { ...vector, revision: BigInt(vector.revision), dataText: canonicalEventJson(vector.data), metadataText: canonicalEventJson(vector.metadata) };
    expect(envelope.dataText).toBe(vector.dataText);
    expect(canonicalEnvelope(envelope)).toBe(vector.canonicalEnvelope);
    expect(chainHash(vector.prevHash, envelope)).toBe(vector.hash);
  });

  it('links each stream from the zero hash', () => {
    const streamIds = [...new Set(chainVectors.map((vector) => vector.streamId))];
    for (const vectors of streamIds.map((streamId) => chainVectors.filter((vector) => vector.streamId === streamId))) {
      expect(vectors[0].prevHash).toBe('0'.repeat(64));
      vectors.slice(1).forEach((vector, index) => expect(vector.prevHash).toBe(vectors[index].hash));
    }
  });
});
