import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEventJson } from '../../src/platform/chain/canonical-json';
import { canonicalEnvelope, chainHash } from '../../src/platform/chain/event-hash';
import { chainVectors } from '../support/chain-vectors';

describe('hash chain vectors (test/fixtures/chain-vectors.json)', () => {
  it.each(chainVectors)('$streamId@$revision: an independent JCS + SHA-256 gives the committed hash', (vector) => {
    const envelope = {
      streamId: vector.streamId,
      revision: vector.revision,
      eventId: vector.eventId,
      type: vector.type,
      data: vector.data,
      metadata: vector.metadata,
    };
    const independent = createHash('sha256')
      .update(Buffer.from(vector.prevHash, 'hex'))
      .update(canonicalize(envelope) as string, 'utf8')
      .digest('hex');
    expect(canonicalize(envelope)).toBe(vector.canonicalEnvelope);
    expect(independent).toBe(vector.hash);
  });

  it.each(chainVectors)('$streamId@$revision: our envelope builder and chainHash agree', (vector) => {
    const envelope = {
      ...vector,
      revision: BigInt(vector.revision),
      dataText: canonicalEventJson(vector.data),
      metadataText: canonicalEventJson(vector.metadata),
    };
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

  it('chainHash equals an independent SHA-256 on its buffered path and its general one (odd prevHash, huge envelope)', () => {
    const hexDigits = (length: number) =>
      fc.string({
        unit: fc.constantFrom(...Array.from('0123456789abcdefABCDEFxz')),
        minLength: length,
        maxLength: length,
      });
    const prevHash = fc.oneof(hexDigits(64), hexDigits(62), hexDigits(66), fc.constant('0'.repeat(64)));
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constant('é😀'.repeat(40_000)),
      fc.constant('x'.repeat(90_000)),
    );
    fc.assert(
      fc.property(prevHash, text, fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (prev, note, revision) => {
        const envelope = {
          streamId: 'wallet-1',
          revision,
          eventId: 'e',
          type: 'T',
          dataText: JSON.stringify({ note }),
          metadataText: '{}',
        };
        const independent = createHash('sha256')
          .update(Buffer.from(prev, 'hex'))
          .update(canonicalEnvelope(envelope), 'utf8')
          .digest('hex');
        expect(chainHash(prev, envelope)).toBe(independent);
      }),
      { numRuns: 300 },
    );
  });
});
