import { describe, expect, it } from 'vitest';
import {
  frontierKeys,
  nodeKey,
  nodesCompleted,
  SubtreeRoots,
  tileStartOf,
  type MerkleNode,
} from '../../../src/audit/proofs/merkle-nodes';
import { consistencyProofRanges, inclusionProofRanges } from '../../../src/audit/proofs/proof-ranges';
import { leafHash, rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { consistencyProof, inclusionProof } from '../../../src/platform/chain/merkle-proofs';

const leaves = Array.from({ length: 300 }, (_, index) => leafHash(new Uint8Array(32).fill(index % 251)));

/** Grows a stored log the way the leaves projection does: batches of uneven sizes. */
function grow(batchSizes: readonly number[]): { nodes: Map<string, Uint8Array>; size: number } {
  const nodes = new Map<string, Uint8Array>();
  let size = 0;
  const stored = (key: string): Uint8Array => {
    const hash = nodes.get(key);
    if (!hash) throw new Error(`the frontier node ${key} was never stored`);
    return hash;
  };
  for (const batch of batchSizes) {
    const frontier = new Map(
      frontierKeys(size).map(({ level, index }) => [nodeKey(level, index), stored(nodeKey(level, index))]),
    );
    const completed: MerkleNode[] = nodesCompleted(
      size,
      size + batch,
      leaves.slice(tileStartOf(size), size + batch),
      frontier,
    );
    for (const node of completed) {
      expect(nodes.has(nodeKey(node.level, node.index))).toBe(false);
      nodes.set(nodeKey(node.level, node.index), node.hash);
    }
    size += batch;
  }
  return { nodes, size };
}

const rootsFor = (nodes: Map<string, Uint8Array>, size: number) =>
  new SubtreeRoots(nodes, new Map(leaves.slice(0, size).map((hash, index) => [index, hash])));

describe('stored Merkle nodes', () => {
  it('are the same whatever the batches the leaves arrived in', () => {
    const oneByOne = grow(Array.from({ length: 300 }, () => 1));
    const uneven = grow([7, 1, 16, 33, 100, 2, 141]);
    expect(uneven.size).toBe(300);
    expect([...uneven.nodes.entries()].sort()).toEqual([...oneByOne.nodes.entries()].sort());
    // Levels 4 to 8 over 300 leaves: 18 + 9 + 4 + 2 + 1 nodes.
    expect(oneByOne.nodes.size).toBe(34);
  });

  it('give every tree root, inclusion proof and consistency proof that the leaves give', () => {
    const { nodes } = grow([5, 60, 200, 35]);
    for (const size of [1, 15, 16, 17, 64, 100, 255, 256, 257, 300]) {
      const roots = rootsFor(nodes, size);
      expect(roots.root(0, size)).toEqual(rootFromLeafHashes(leaves.slice(0, size)));
      for (const index of [0, Math.floor(size / 3), size - 1]) {
        const fromNodes = inclusionProofRanges(index, size).map(({ start, end }) => roots.root(start, end));
        expect(fromNodes).toEqual(inclusionProof(leaves.slice(0, size), index));
      }
      for (const from of [1, 16, Math.max(1, size - 1)].filter((candidate) => candidate <= size)) {
        const fromNodes = consistencyProofRanges(from, size).map(({ start, end }) => roots.root(start, end));
        expect(fromNodes).toEqual(consistencyProof(leaves.slice(0, size), from, size));
      }
    }
  });

  it('plan a proof at a million leaves as a few dozen stored nodes and at most 15 leaves per node', () => {
    const size = 1_000_003;
    const ranges = [...inclusionProofRanges(777_777, size), { start: 0, end: size }];
    const plan = SubtreeRoots.plan(ranges);
    const leavesRead = plan.leafRanges.reduce((sum, range) => sum + range.end - range.start, 0);
    expect(plan.nodes.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)));
    expect(leavesRead).toBeLessThanOrEqual(15 * ranges.length);
  });

  it('refuses to complete a node without its children', () => {
    expect(() => nodesCompleted(32, 64, leaves.slice(32, 64), new Map())).toThrow(/lacks a child/);
  });
});
