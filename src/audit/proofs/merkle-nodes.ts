import { nodeHash, splitPoint, subtreeRoot } from '../../platform/chain/merkle';
import { AuditLogCorruptError } from '../audit.errors';

/**
 * Stored interior nodes of the Merkle log, as Tessera stores tiles: node (level, index) is the
 * root of the complete subtree of leaves [index·2^level, (index+1)·2^level). Only levels from
 * LOWEST_STORED_LEVEL up are kept (a 16th of the leaves' count in rows, all levels together);
 * below it a proof hashes at most 15 stored leaves per range. So any proof reads O(log n) rows.
 */
export const LOWEST_STORED_LEVEL = 4;
const LEAVES_PER_TILE = 2 ** LOWEST_STORED_LEVEL;

export interface MerkleNode {
  level: number;
  index: number;
  hash: Uint8Array;
}

export const nodeKey = (level: number, index: number) => `${level}:${index}`;

/**
 * The completed nodes a tree of `size` leaves holds on its right edge whose right sibling is not
 * complete yet: the left halves of the parents the next leaves will complete.
 */
export function frontierKeys(size: number): { level: number; index: number }[] {
  const keys = [];
  for (let level = LOWEST_STORED_LEVEL; 2 ** level <= size; level += 1) {
    const completed = Math.floor(size / 2 ** level);
    if (completed % 2 === 1) keys.push({ level, index: completed - 1 });
  }
  return keys;
}

/** Where the leaves a growth from `oldSize` needs start: the first leaf of its last partial tile. */
export const tileStartOf = (oldSize: number) => oldSize - (oldSize % LEAVES_PER_TILE);

/**
 * The nodes completed by growing the tree from `oldSize` to `newSize` leaves. `leafHashes` are
 * the leaves from tileStartOf(oldSize) to newSize; `frontier` holds the nodes of frontierKeys(oldSize).
 */
export function nodesCompleted(
  oldSize: number,
  newSize: number,
  leafHashes: readonly Uint8Array[],
  frontier: ReadonlyMap<string, Uint8Array>,
): MerkleNode[] {
  const tileStart = tileStartOf(oldSize);
  if (leafHashes.length !== newSize - tileStart)
    throw new RangeError(`Expected ${newSize - tileStart} leaves from ${tileStart}, got ${leafHashes.length}`);
  const known = new Map(frontier);
  const completed: MerkleNode[] = [];
  const add = (node: MerkleNode) => {
    completed.push(node);
    known.set(nodeKey(node.level, node.index), node.hash);
  };
  for (let index = tileStart / LEAVES_PER_TILE; (index + 1) * LEAVES_PER_TILE <= newSize; index += 1) {
    const from = index * LEAVES_PER_TILE - tileStart;
    add({ level: LOWEST_STORED_LEVEL, index, hash: subtreeRoot(leafHashes, from, from + LEAVES_PER_TILE) });
  }
  for (let level = LOWEST_STORED_LEVEL + 1; 2 ** level <= newSize; level += 1) {
    const first = Math.floor(oldSize / 2 ** level);
    for (let index = first; (index + 1) * 2 ** level <= newSize; index += 1) {
      const left = known.get(nodeKey(level - 1, 2 * index));
      const right = known.get(nodeKey(level - 1, 2 * index + 1));
      if (!left || !right)
        throw new Error(`Merkle node ${level}:${index} lacks a child: the frontier or the leaves are incomplete`);
      add({ level, index, hash: nodeHash(left, right) });
    }
  }
  return completed;
}

/** What computing some subtree roots needs: stored nodes, and short runs of leaves. */
export interface RootPlan {
  nodes: { level: number; index: number }[];
  leafRanges: { start: number; end: number }[];
}

/**
 * RFC 6962's MTH(D[start:end]) for a subtree of the tree (start aligned to the largest power of
 * two below end − start, as every subtree of the recursion is), from stored nodes and leaves.
 */
export class SubtreeRoots {
  constructor(
    private readonly nodes: ReadonlyMap<string, Uint8Array>,
    private readonly leaves: ReadonlyMap<number, Uint8Array>,
  ) {}

  static plan(ranges: readonly { start: number; end: number }[]): RootPlan {
    const plan: RootPlan = { nodes: [], leafRanges: [] };
    const visit = (start: number, end: number): void => {
      const stored = storedNodeOf(start, end);
      if (stored) plan.nodes.push(stored);
      else if (end - start < LEAVES_PER_TILE) plan.leafRanges.push({ start, end });
      else {
        const middle = start + splitPoint(end - start);
        visit(start, middle);
        visit(middle, end);
      }
    };
    for (const range of ranges) visit(range.start, range.end);
    return plan;
  }

  root(start: number, end: number): Uint8Array {
    const stored = storedNodeOf(start, end);
    if (stored)
      return this.required(
        this.nodes.get(nodeKey(stored.level, stored.index)),
        `node ${nodeKey(stored.level, stored.index)}`,
      );
    if (end - start < LEAVES_PER_TILE) {
      const hashes = Array.from({ length: end - start }, (_, offset) =>
        this.required(this.leaves.get(start + offset), `leaf ${start + offset}`),
      );
      return subtreeRoot(hashes, 0, hashes.length);
    }
    const middle = start + splitPoint(end - start);
    return nodeHash(this.root(start, middle), this.root(middle, end));
  }

  private required(hash: Uint8Array | undefined, what: string): Uint8Array {
    // Nodes commit with their leaves, and proofs stop at the sealed size: a gap is damage.
    if (!hash) throw new AuditLogCorruptError(`The stored Merkle log has no ${what}`, { missing: what });
    return hash;
  }
}

/** The stored node that is exactly [start, end), if it is one. */
function storedNodeOf(start: number, end: number): { level: number; index: number } | null {
  const width = end - start;
  if (width < LEAVES_PER_TILE || !Number.isInteger(Math.log2(width)) || start % width !== 0) return null;
  return { level: Math.log2(width), index: start / width };
}
