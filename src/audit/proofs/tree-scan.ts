import { MerkleAccumulator } from '../../platform/chain/merkle';
import { AuditLogCorruptError } from '../audit.errors';
import { leafPages, type MerkleLeavesRepository } from '../sealer/merkle-leaves.repository';
import type { LeafRange } from './proof-ranges';

export interface TreeScan {
  /** Root of the first n leaves, for each n asked for. */
  rootsAtSize: Map<number, Uint8Array>;
  /** Root of each range asked for, in the order asked. */
  rangeRoots: Uint8Array[];
}

/**
 * One pass over the stored leaves [0, size) that yields the roots a proof needs: O(size) reads
 * and hashes, O(log size) memory. (A cache of complete subtree roots would make this
 * O(log size); it is not built yet.)
 */
export async function scanTree(leaves: MerkleLeavesRepository, size: number, ranges: readonly LeafRange[], sizes: readonly number[]): Promise<TreeScan> {
  const whole = new MerkleAccumulator();
  const parts = ranges.map(() => new MerkleAccumulator());
  const rootsAtSize = new Map<number, Uint8Array>();
  const wanted = new Set(sizes);
  if (wanted.has(0)) rootsAtSize.set(0, whole.root());
  for await (const page of leafPages(leaves, 0, size)) {
    for (const leaf of page) {
      whole.append(leaf.leafHash);
      const owner = ranges.findIndex((range) => range.start <= leaf.leafIndex && leaf.leafIndex < range.end);
      if (owner !== -1) parts[owner].append(leaf.leafHash);
      if (wanted.has(whole.size)) rootsAtSize.set(whole.size, whole.root());
    }
  }
  if (whole.size !== size) throw new AuditLogCorruptError(`merkle_leaves holds ${whole.size} leaves, fewer than the ${size} asked for`, { leaves: whole.size, treeSize: size });
  return { rootsAtSize, rangeRoots: parts.map((part) => part.root()) };
}

/** The root at `size`, which the scan was asked for: a size it never reached means fewer leaves than asked. */
export function rootAt(scan: TreeScan, size: number): Uint8Array {
  const root = scan.rootsAtSize.get(size);
  if (!root) throw new AuditLogCorruptError(`merkle_leaves never reached the tree size ${size} asked for`, { treeSize: size });
  return root;
}
