import { createHash, hash as oneShotHash } from 'node:crypto';

/**
 * RFC 6962 / RFC 9162 Merkle tree over SHA-256 (DESIGN §3). Leaves and nodes get different
 * one-byte prefixes so that a leaf can never be passed off as an interior node.
 */

export const HASH_SIZE_BYTES = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/**
 * The only Node-specific call in the Merkle code. A browser build swaps this one function
 * (for example for `sha256` from @noble/hashes) and everything else, verification included, works.
 */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * Leaves and nodes are hashed for every event a verifier reads, so the usual 32-byte inputs are
 * laid out in one reused buffer and hashed in one call (no Hash object per hash); other sizes
 * take the general path, which gives the same hash.
 */
const scratch = Buffer.alloc(1 + 2 * HASH_SIZE_BYTES);
/** The same memory as a plain Uint8Array: hashing it skips Buffer's species constructor. */
const scratchBytes = new Uint8Array(scratch.buffer, scratch.byteOffset, scratch.length);

/** SHA-256(0x00 ‖ input). Our leaf input is the 32-byte event hash. */
export function leafHash(input: Uint8Array): Uint8Array {
  if (input.length !== HASH_SIZE_BYTES) return sha256(LEAF_PREFIX, input);
  scratch[0] = 0x00;
  scratch.set(input, 1);
  return digestBytes(scratch.subarray(0, 1 + HASH_SIZE_BYTES));
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE_BYTES || right.length !== HASH_SIZE_BYTES) return sha256(NODE_PREFIX, left, right);
  scratch[0] = 0x01;
  scratch.set(left, 1);
  scratch.set(right, 1 + HASH_SIZE_BYTES);
  return digestBytes(scratch);
}

/**
 * SHA-256 as bytes, by way of a 'binary' (latin1) digest, one character per byte: in Node 20 a one-shot
 * digest into a Buffer costs about twice as much as one into a string, and a verifier makes
 * two of these per event.
 */
function digestBytes(input: Uint8Array): Buffer {
  return Buffer.from(oneShotHash('sha256', input, 'binary'), 'latin1');
}

/** SHA-256(0x00 ‖ bytes of `hashHex`) as hex, for a 64-digit hex event hash: the leaf without a Buffer on the way. */
export function leafHashHex(hashHex: string): string {
  scratch[0] = 0x00;
  if (hashHex.length !== 2 * HASH_SIZE_BYTES || scratch.write(hashHex, 1, 'hex') !== HASH_SIZE_BYTES)
    return Buffer.from(leafHash(Buffer.from(hashHex, 'hex'))).toString('hex');
  return oneShotHash('sha256', scratch.subarray(0, 1 + HASH_SIZE_BYTES), 'hex');
}

/** RFC 6962 fixes the root of the empty tree as the hash of the empty string. */
function emptyRoot(): Uint8Array {
  return sha256();
}

/** Constant-time is unnecessary here: roots and proofs are public. */
export function bytesEqual(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) {
    if (left[index] !== right[index]) return false;
  }
  return true;
}

/** The largest power of two strictly below `size` (size ≥ 2): where RFC 6962 splits a tree. */
export function splitPoint(size: number): number {
  let split = 1;
  while (split * 2 < size) split *= 2;
  return split;
}

/**
 * MTH(D[n]) of RFC 6962 §2.1, taken literally (recursive split), so that the accumulator below
 * is checked against an independent implementation.
 */
export function rootFromLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return emptyRoot();
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

/** MTH over leafHashes[start, end); the range must not be empty. */
export function subtreeRoot(leafHashes: readonly Uint8Array[], start: number, end: number): Uint8Array {
  const size = end - start;
  if (size === 1) return leafHashes[start];
  const middle = start + splitPoint(size);
  return nodeHash(subtreeRoot(leafHashes, start, middle), subtreeRoot(leafHashes, middle, end));
}

/** Levels enough for any tree size a number counts exactly (2^53). */
const MOST_SUBTREES = 54;

/**
 * Appends leaves one at a time and gives the current root without keeping the leaves: it keeps
 * one root per complete subtree, i.e. one per set bit of `size`, largest (leftmost) first. This
 * is what the long-running sealer uses, so its memory stays O(log n) however long the log grows.
 * The roots sit side by side in one byte array and a merge hashes into it in place: a verifier
 * appends a leaf per event, and a Buffer per node hash was a large share of its garbage.
 */
export class MerkleAccumulator {
  /** Subtree root i is bytes [32i, 32i + 32). */
  private readonly subtreeRoots = new Uint8Array(MOST_SUBTREES * HASH_SIZE_BYTES);
  private subtrees = 0;
  private leafCount = 0;

  get size(): number {
    return this.leafCount;
  }

  /** Appends the 32-byte leaf hash at `offset` of `leaves`. */
  append(leaves: Uint8Array, offset = 0): void {
    const roots = this.subtreeRoots;
    // The leaf is the carry, held in the slot after the last root.
    let carry = this.subtrees;
    for (let byte = 0; byte < HASH_SIZE_BYTES; byte += 1) roots[carry * HASH_SIZE_BYTES + byte] = leaves[offset + byte];
    // Each trailing one bit of the old size is a complete subtree as large as the carry: merge it.
    for (let remaining = this.leafCount; remaining % 2 === 1; remaining = (remaining - 1) / 2) {
      carry -= 1;
      nodeHashInPlace(roots, carry * HASH_SIZE_BYTES);
    }
    this.subtrees = carry + 1;
    this.leafCount += 1;
  }

  /** O(log n) hashes: the RFC 6962 tree folds its complete subtrees from the right. */
  root(): Uint8Array {
    if (this.subtrees === 0) return emptyRoot();
    const subtree = (index: number) => this.subtreeRoots.slice(index * HASH_SIZE_BYTES, (index + 1) * HASH_SIZE_BYTES);
    let root: Uint8Array = subtree(this.subtrees - 1);
    for (let index = this.subtrees - 2; index >= 0; index--) root = nodeHash(subtree(index), root);
    return root;
  }
}

/** Bytes [at, at + 32) become SHA-256(0x01 ‖ themselves ‖ the next 32 bytes). */
function nodeHashInPlace(bytes: Uint8Array, at: number): void {
  scratch[0] = 0x01;
  for (let byte = 0; byte < 2 * HASH_SIZE_BYTES; byte += 1) scratch[1 + byte] = bytes[at + byte];
  writeDigest(oneShotHash('sha256', scratchBytes, 'binary'), bytes, at);
}

/**
 * A 'binary' (latin1) digest, one character per byte, written into `target` at `at`: a loop of
 * 32 costs less than a Buffer write, a call into C++.
 */
export function writeDigest(digest: string, target: Uint8Array, at: number): void {
  for (let byte = 0; byte < HASH_SIZE_BYTES; byte += 1) target[at + byte] = digest.charCodeAt(byte);
}
