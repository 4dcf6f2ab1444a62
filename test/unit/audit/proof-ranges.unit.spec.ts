import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistencyProofRanges, inclusionProofRanges, type LeafRange } from '../../../src/audit/proofs/proof-ranges';
import { leafHash, subtreeRoot } from '../../../src/platform/chain/merkle';
import { consistencyProof, inclusionProof } from '../../../src/platform/chain/merkle-proofs';

const leaves = (count: number) =>
  Array.from({ length: count }, (_, index) => leafHash(Uint8Array.of(index % 256, Math.floor(index / 256))));
const rootsOf = (hashes: Uint8Array[], ranges: LeafRange[]) =>
  ranges.map((range) => subtreeRoot(hashes, range.start, range.end));

describe('proof ranges', () => {
  it('name the RFC 6962 subtrees of a hand-derived 7-leaf tree', () => {
    // Leaf 5 of 7: sibling leaf 4, then leaf 6 (a lone right node), then the left half [0, 4).
    expect(inclusionProofRanges(5, 7)).toEqual([
      { start: 4, end: 5 },
      { start: 6, end: 7 },
      { start: 0, end: 4 },
    ]);
    // PROOF(3, D[7]) of RFC 6962 §2.1.3's example: c, d, g, l.
    expect(consistencyProofRanges(3, 7)).toEqual([
      { start: 2, end: 3 },
      { start: 3, end: 4 },
      { start: 0, end: 2 },
      { start: 4, end: 7 },
    ]);
  });

  it('give exactly the nodes of the in-memory proofs, for every index and size up to 40', () => {
    for (let size = 1; size <= 40; size += 1) {
      const hashes = leaves(size);
      for (let index = 0; index < size; index += 1)
        expect(rootsOf(hashes, inclusionProofRanges(index, size))).toEqual(inclusionProof(hashes, index));
      for (let from = 1; from <= size; from += 1)
        expect(rootsOf(hashes, consistencyProofRanges(from, size))).toEqual(consistencyProof(hashes, from, size));
    }
  });

  it('agree with the in-memory proofs on larger random trees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.nat(), fc.nat(), (size, indexSeed, fromSeed) => {
        const hashes = leaves(size);
        const index = indexSeed % size;
        const from = 1 + (fromSeed % size);
        expect(rootsOf(hashes, inclusionProofRanges(index, size))).toEqual(inclusionProof(hashes, index));
        expect(rootsOf(hashes, consistencyProofRanges(from, size))).toEqual(consistencyProof(hashes, from, size));
      }),
      { numRuns: 60 },
    );
  });

  it('refuse impossible requests', () => {
    expect(() => inclusionProofRanges(3, 3)).toThrow(RangeError);
    expect(() => inclusionProofRanges(-1, 3)).toThrow(RangeError);
    expect(() => consistencyProofRanges(0, 3)).toThrow(RangeError);
    expect(() => consistencyProofRanges(4, 3)).toThrow(RangeError);
  });
});
