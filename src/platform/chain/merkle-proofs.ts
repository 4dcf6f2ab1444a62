import { bytesEqual, HASH_SIZE_BYTES, nodeHash, splitPoint, subtreeRoot } from './merkle';

/**
 * Inclusion and consistency proofs: generation per RFC 6962 §2.1.1–2.1.2, verification per
 * RFC 9162 §2.1.3.2 and §2.1.4.2. The verifiers take untrusted input (an auditor's bundle, a
 * browser), so they answer false to anything malformed instead of throwing. Sizes and indexes
 * are numbers, so halving is done with arithmetic: JavaScript bit operators truncate to 32 bits.
 */

/** PATH(index, D[n]) over all of `leafHashes`, ordered from the leaf upwards. */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!isTreeSize(index) || index >= leafHashes.length) {
    throw new RangeError(`Leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
  }
  return auditPath(leafHashes, index, 0, leafHashes.length);
}

function auditPath(leafHashes: readonly Uint8Array[], index: number, start: number, end: number): Uint8Array[] {
  if (end - start === 1) return [];
  const middle = start + splitPoint(end - start);
  if (index < middle) return [...auditPath(leafHashes, index, start, middle), subtreeRoot(leafHashes, middle, end)];
  return [...auditPath(leafHashes, index, middle, end), subtreeRoot(leafHashes, start, middle)];
}

/** PROOF(size1, D[size2]) over the first size2 leaves; equal sizes give the empty proof. */
export function consistencyProof(leafHashes: readonly Uint8Array[], size1: number, size2: number): Uint8Array[] {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 === 0 || size1 > size2 || size2 > leafHashes.length) {
    // Size 0 is refused because verifyConsistency rejects any proof from the empty tree.
    throw new RangeError(`No consistency proof from size ${size1} to ${size2} over ${leafHashes.length} leaves`);
  }
  return subProof(leafHashes, size1, 0, size2, true);
}

/** SUBPROOF(m, D[start:end], isWholeOldTree) with `oldEnd` = start + m, an absolute leaf position. */
function subProof(
  leafHashes: readonly Uint8Array[],
  oldEnd: number,
  start: number,
  end: number,
  isWholeOldTree: boolean,
): Uint8Array[] {
  // The verifier already holds the old root, so it is only sent when it is a proper subtree.
  if (oldEnd === end) return isWholeOldTree ? [] : [subtreeRoot(leafHashes, start, end)];
  const middle = start + splitPoint(end - start);
  if (oldEnd <= middle) {
    return [...subProof(leafHashes, oldEnd, start, middle, isWholeOldTree), subtreeRoot(leafHashes, middle, end)];
  }
  return [...subProof(leafHashes, oldEnd, middle, end, false), subtreeRoot(leafHashes, start, middle)];
}

/**
 * RFC 9162 §2.1.3.2. Beyond the RFC text, the leaf hash and proof nodes must be 32 bytes, as in
 * the transparency-dev reference: otherwise a one-leaf tree would "prove" an empty leaf against
 * an empty root.
 */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize) || leafIndex >= treeSize) return false;
  if (!isHash(leafHash) || !isHashList(proof) || !isBytes(root)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let computed = leafHash;
  for (const sibling of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      computed = nodeHash(sibling, computed);
      // Skip the levels where this node is a right-edge node with no sibling.
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      computed = nodeHash(computed, sibling);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && bytesEqual(computed, root);
}

/**
 * RFC 9162 §2.1.4.2, with the edge cases of the transparency-dev vectors: nothing is consistent
 * *from* the empty tree (even to itself), and equal sizes need an empty proof and byte-equal roots.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 === 0 || size1 > size2) return false;
  if (!isBytes(root1) || !isBytes(root2) || !isHashList(proof)) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (proof.length === 0) return false;
  // A power-of-two old tree is a complete subtree of the new one, and PROOF leaves its root out.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let firstRoot = path[0];
  let secondRoot = path[0];
  for (const node of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      firstRoot = nodeHash(node, firstRoot);
      secondRoot = nodeHash(node, secondRoot);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      secondRoot = nodeHash(secondRoot, node);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && bytesEqual(firstRoot, root1) && bytesEqual(secondRoot, root2);
}

function isTreeSize(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function isHash(value: unknown): value is Uint8Array {
  return isBytes(value) && value.length === HASH_SIZE_BYTES;
}

function isHashList(value: unknown): value is readonly Uint8Array[] {
  return Array.isArray(value) && value.every(isHash);
}

function isOdd(value: number): boolean {
  return value % 2 === 1;
}

function half(value: number): number {
  return Math.floor(value / 2);
}

function isPowerOfTwo(value: number): boolean {
  let remaining = value;
  while (remaining > 1 && !isOdd(remaining)) remaining = half(remaining);
  return remaining === 1;
}
