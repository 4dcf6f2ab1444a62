import type { MerkleLeavesRepository } from '../sealer/merkle-leaves.repository';
import type { MerkleNodesRepository } from '../sealer/merkle-nodes.repository';
import { SubtreeRoots } from './merkle-nodes';
import type { LeafRange } from './proof-ranges';

/**
 * The roots of `ranges` (a proof's nodes) and the means to compute the root of any tree of
 * `sizes` leaves, from two reads: the stored nodes they need and at most 15 leaves per node.
 */
export async function readSubtreeRoots(
  leaves: MerkleLeavesRepository,
  nodes: MerkleNodesRepository,
  ranges: readonly LeafRange[],
  sizes: readonly number[],
): Promise<{ roots: SubtreeRoots; rangeRoots: Uint8Array[] }> {
  const plan = SubtreeRoots.plan([...ranges, ...sizes.map((size) => ({ start: 0, end: size }))]);
  const leafIndexes = plan.leafRanges.flatMap(({ start, end }) =>
    Array.from({ length: end - start }, (_, offset) => start + offset),
  );
  const [storedNodes, leafHashes] = await Promise.all([nodes.byKey(plan.nodes), leaves.hashesAt(leafIndexes)]);
  const roots = new SubtreeRoots(storedNodes, leafHashes);
  return { roots, rangeRoots: ranges.map(({ start, end }) => roots.root(start, end)) };
}
