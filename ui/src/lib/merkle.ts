/**
 * RFC 6962 / RFC 9162 Merkle hashing and inclusion-proof verification in the browser, with
 * WebCrypto's SHA-256: a port of src/platform/chain/merkle.ts and merkle-proofs.ts, so an auditor
 * checks a proof with code running on their own machine instead of taking the server's word.
 * Inputs come from the server and are untrusted: malformed ones verify as false, never throw.
 */

export const HASH_SIZE_BYTES = 32;

/** Bytes on a plain ArrayBuffer, which is what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export async function sha256(...parts: Bytes[]): Promise<Bytes> {
  const input = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    input.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', input));
}

/** SHA-256(0x00 ‖ input); our leaf input is the 32-byte event hash. */
export function leafHash(input: Bytes): Promise<Bytes> {
  return sha256(LEAF_PREFIX, input);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Bytes, right: Bytes): Promise<Bytes> {
  return sha256(NODE_PREFIX, left, right);
}

/** Null for anything that is not lowercase or uppercase hex of whole bytes. */
export function hexToBytes(hex: string): Bytes | null {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index++) bytes[index] = parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  return bytes;
}

export function bytesToHex(bytes: Bytes): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function bytesEqual(left: Bytes, right: Bytes): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}

/**
 * RFC 9162 §2.1.3.2: the root that `proof` leads to from `leafHash` as leaf `leafIndex` of a
 * tree of `treeSize` leaves, or null when the proof cannot belong to such a tree (wrong length,
 * or nodes that are not 32 bytes). Sizes are numbers, so halving is arithmetic, not bit shifts.
 */
export async function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Bytes,
  proof: readonly Bytes[],
): Promise<Bytes | null> {
  if (!isTreeSize(leafIndex) || !isTreeSize(treeSize) || leafIndex >= treeSize) return null;
  if (leaf.length !== HASH_SIZE_BYTES || proof.some((node) => node.length !== HASH_SIZE_BYTES)) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let computed = leaf;
  for (const sibling of proof) {
    if (sn === 0) return null;
    if (isOdd(fn) || fn === sn) {
      computed = await nodeHash(sibling, computed);
      // Skip the levels where this node is a right-edge node with no sibling.
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      computed = await nodeHash(computed, sibling);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 ? computed : null;
}

export async function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Bytes,
  proof: readonly Bytes[],
  root: Bytes,
): Promise<boolean> {
  const computed = await rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return computed !== null && bytesEqual(computed, root);
}

/**
 * RFC 9162 §2.1.4.2, as the server's verifyConsistency: nothing is consistent from the empty
 * tree, equal sizes need an empty proof and equal roots. What the browser monitor checks.
 */
export async function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Bytes[],
  root1: Bytes,
  root2: Bytes,
): Promise<boolean> {
  if (!isTreeSize(size1) || !isTreeSize(size2) || size1 === 0 || size1 > size2) return false;
  if (proof.some((node) => node.length !== HASH_SIZE_BYTES)) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  if (proof.length === 0) return false;
  // A power-of-two old tree is a complete subtree of the new one, and the proof leaves its root out.
  const path = Number.isInteger(Math.log2(size1)) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) [fn, sn] = [half(fn), half(sn)];
  let firstRoot = path[0];
  let secondRoot = path[0];
  for (const node of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      firstRoot = await nodeHash(node, firstRoot);
      secondRoot = await nodeHash(node, secondRoot);
      while (!isOdd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      secondRoot = await nodeHash(secondRoot, node);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && bytesEqual(firstRoot, root1) && bytesEqual(secondRoot, root2);
}

function isTreeSize(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function isOdd(value: number): boolean {
  return value % 2 === 1;
}

function half(value: number): number {
  return Math.floor(value / 2);
}
