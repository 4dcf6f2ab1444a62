import { splitPoint } from '../../platform/chain/merkle';

/** Leaves start ≤ i < end; the proof node is the RFC 6962 root of that subtree. */
export interface LeafRange {
  start: number;
  end: number;
}

/**
 * Which subtrees make PATH(index, D[size]) (RFC 6962 §2.1.1), from the leaf upwards. Proofs are
 * planned as ranges first so their roots can be read from stored nodes (merkle-nodes.ts),
 * instead of holding every leaf in memory as merkle-proofs.ts does; the unit tests pin both to
 * the same nodes.
 */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`Leaf index ${index} is outside a tree of ${size} leaves`);
  }
  return pathRanges(index, 0, size);
}

function pathRanges(index: number, start: number, end: number): LeafRange[] {
  if (end - start === 1) return [];
  const middle = start + splitPoint(end - start);
  if (index < middle) return [...pathRanges(index, start, middle), { start: middle, end }];
  return [...pathRanges(index, middle, end), { start, end: middle }];
}

/** Which subtrees make PROOF(size1, D[size2]) (RFC 6962 §2.1.2); equal sizes need none. */
export function consistencyProofRanges(size1: number, size2: number): LeafRange[] {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 1 || size1 > size2) {
    throw new RangeError(`No consistency proof from tree size ${size1} to ${size2}`);
  }
  return subProofRanges(size1, 0, size2, true);
}

/** SUBPROOF(m, D[start:end], b) with `oldEnd` = start + m. */
function subProofRanges(oldEnd: number, start: number, end: number, isWholeOldTree: boolean): LeafRange[] {
  if (oldEnd === end) return isWholeOldTree ? [] : [{ start, end }];
  const middle = start + splitPoint(end - start);
  if (oldEnd <= middle) return [...subProofRanges(oldEnd, start, middle, isWholeOldTree), { start: middle, end }];
  return [...subProofRanges(oldEnd, middle, end, false), { start, end: middle }];
}
