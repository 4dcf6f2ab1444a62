import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  leafHash,
  MerkleAccumulator,
  nodeHash,
  rootFromLeafHashes,
  sha256,
  subtreeRoot,
} from '../../src/platform/chain/merkle';
import {
  consistencyProof,
  inclusionProof,
  verifyConsistency,
  verifyInclusion,
} from '../../src/platform/chain/merkle-proofs';

const VECTORS_DIR = path.join(__dirname, '../fixtures/vectors/merkle');

interface InclusionVector {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  /** The vectors come from Go, which writes an empty proof as null. */
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

interface ConsistencyVector {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  /** The vectors come from Go, which writes an empty proof as null. */
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

/** Relative paths of every JSON file under `folder`, read at test time so new vectors are picked up. */
function vectorFiles(folder: string): string[] {
  const files = readdirSync(path.join(VECTORS_DIR, folder), { recursive: true, encoding: 'utf8' });
  return files.filter((file) => file.endsWith('.json')).sort();
}

function readVector(folder: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(VECTORS_DIR, folder, file), 'utf8'));
}

const fromBase64 = (text: string): Uint8Array => Buffer.from(text, 'base64');
const fromHex = (text: string): Uint8Array => Buffer.from(text, 'hex');
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('transparency-dev/merkle vectors', () => {
  const inclusionFiles = vectorFiles('inclusion');
  const consistencyFiles = vectorFiles('consistency');

  it('finds all 196 vector files', () => {
    expect(inclusionFiles).toHaveLength(98);
    expect(consistencyFiles).toHaveLength(98);
  });

  it.each(inclusionFiles)('inclusion/%s', (file) => {
    const vector = readVector('inclusion', file) as InclusionVector;
    const accepted = verifyInclusion(
      vector.leafIdx,
      vector.treeSize,
      fromBase64(vector.leafHash),
      (vector.proof ?? []).map(fromBase64),
      fromBase64(vector.root),
    );
    expect(accepted, vector.desc).toBe(!vector.wantErr);
  });

  it.each(consistencyFiles)('consistency/%s', (file) => {
    const vector = readVector('consistency', file) as ConsistencyVector;
    const accepted = verifyConsistency(
      vector.size1,
      vector.size2,
      (vector.proof ?? []).map(fromBase64),
      fromBase64(vector.root1),
      fromBase64(vector.root2),
    );
    expect(accepted, vector.desc).toBe(!vector.wantErr);
  });
});

interface Rfc6962Vectors {
  leaf_inputs: string[];
  roots: { tree_size: number; root: string }[];
  node_hashes: { leaves: [number, number]; hash: string }[];
  inclusion_proofs: { leaf_index: number; tree_size: number; leaf_hash: string; root: string; path: string[] }[];
  consistency_proofs: {
    first_size: number;
    second_size: number;
    first_root: string;
    second_root: string;
    proof: string[];
  }[];
}

describe('rfc6962.json', () => {
  const vectors = JSON.parse(readFileSync(path.join(VECTORS_DIR, 'rfc6962.json'), 'utf8')) as Rfc6962Vectors;
  const leafHashes = vectors.leaf_inputs.map((input) => leafHash(fromHex(input)));

  it('has the root of every tree size from 0 to 8, from both root implementations', () => {
    expect(vectors.roots.map((entry) => entry.tree_size)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const accumulator = new MerkleAccumulator();
    for (const { tree_size: treeSize, root } of vectors.roots) {
      expect(toHex(rootFromLeafHashes(leafHashes.slice(0, treeSize)))).toBe(root);
      expect(accumulator.size).toBe(treeSize);
      expect(toHex(accumulator.root())).toBe(root);
      if (treeSize < leafHashes.length) accumulator.append(leafHashes[treeSize]);
    }
  });

  it('has the hash of each of the 15 complete subtrees', () => {
    expect(vectors.node_hashes).toHaveLength(15);
    for (const { leaves, hash } of vectors.node_hashes) {
      expect(toHex(subtreeRoot(leafHashes, leaves[0], leaves[1]))).toBe(hash);
    }
  });

  it('generates exactly the 5 published inclusion paths, and they verify', () => {
    expect(vectors.inclusion_proofs).toHaveLength(5);
    for (const entry of vectors.inclusion_proofs) {
      expect(toHex(leafHashes[entry.leaf_index])).toBe(entry.leaf_hash);
      const proof = inclusionProof(leafHashes.slice(0, entry.tree_size), entry.leaf_index);
      expect(proof.map(toHex)).toEqual(entry.path);
      expect(
        verifyInclusion(entry.leaf_index, entry.tree_size, fromHex(entry.leaf_hash), proof, fromHex(entry.root)),
      ).toBe(true);
    }
  });

  it('generates exactly the 5 published consistency proofs, and they verify', () => {
    expect(vectors.consistency_proofs).toHaveLength(5);
    for (const entry of vectors.consistency_proofs) {
      const proof = consistencyProof(leafHashes, entry.first_size, entry.second_size);
      expect(proof.map(toHex)).toEqual(entry.proof);
      const [root1, root2] = [fromHex(entry.first_root), fromHex(entry.second_root)];
      expect(verifyConsistency(entry.first_size, entry.second_size, proof, root1, root2)).toBe(true);
    }
  });
});

/** Reproducible "random" leaves: a failure names a size that can be rerun exactly. */
function pseudoRandomLeafHashes(treeSize: number): Uint8Array[] {
  return Array.from({ length: treeSize }, (_, index) =>
    leafHash(sha256(Buffer.from(`tree ${treeSize} leaf ${index}`))),
  );
}

function flipFirstBit(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[0] ^= 0x01;
  return copy;
}

describe('generated proofs on trees of 1 to 70 leaves', () => {
  const treeSizes = Array.from({ length: 70 }, (_, index) => index + 1);

  it.each(treeSizes)('size %i: the accumulator root equals MTH after every append', (treeSize) => {
    const leafHashes = pseudoRandomLeafHashes(treeSize);
    const accumulator = new MerkleAccumulator();
    leafHashes.forEach((leaf, index) => {
      accumulator.append(leaf);
      expect(accumulator.size).toBe(index + 1);
      expect(toHex(accumulator.root())).toBe(toHex(rootFromLeafHashes(leafHashes.slice(0, index + 1))));
    });
  });

  it.each(treeSizes)('size %i: every inclusion proof verifies, and a tampered one does not', (treeSize) => {
    const leafHashes = pseudoRandomLeafHashes(treeSize);
    const root = rootFromLeafHashes(leafHashes);
    for (let index = 0; index < treeSize; index++) {
      const proof = inclusionProof(leafHashes, index);
      expect(verifyInclusion(index, treeSize, leafHashes[index], proof, root)).toBe(true);
      expect(verifyInclusion(index, treeSize, flipFirstBit(leafHashes[index]), proof, root)).toBe(false);
      expect(verifyInclusion(index, treeSize, leafHashes[index], proof, flipFirstBit(root))).toBe(false);
      if (treeSize > 1)
        expect(verifyInclusion((index + 1) % treeSize, treeSize, leafHashes[index], proof, root)).toBe(false);
      proof.forEach((_, position) => {
        const tampered = proof.map((node, at) => (at === position ? flipFirstBit(node) : node));
        expect(verifyInclusion(index, treeSize, leafHashes[index], tampered, root)).toBe(false);
      });
    }
  });

  it.each(treeSizes)(
    'size %i: a consistency proof from every smaller size verifies, and a tampered one does not',
    (treeSize) => {
      const leafHashes = pseudoRandomLeafHashes(treeSize);
      const root2 = rootFromLeafHashes(leafHashes);
      for (let size1 = 1; size1 <= treeSize; size1++) {
        const root1 = rootFromLeafHashes(leafHashes.slice(0, size1));
        const proof = consistencyProof(leafHashes, size1, treeSize);
        expect(verifyConsistency(size1, treeSize, proof, root1, root2)).toBe(true);
        expect(verifyConsistency(size1, treeSize, proof, flipFirstBit(root1), root2)).toBe(false);
        expect(verifyConsistency(size1, treeSize, proof, root1, flipFirstBit(root2))).toBe(false);
        proof.forEach((_, position) => {
          const tampered = proof.map((node, at) => (at === position ? flipFirstBit(node) : node));
          expect(verifyConsistency(size1, treeSize, tampered, root1, root2)).toBe(false);
        });
      }
    },
  );
});

describe('edge cases', () => {
  const leafHashes = pseudoRandomLeafHashes(5);
  const root = rootFromLeafHashes(leafHashes);

  it('gives the hash of the empty string as the root of the empty tree', () => {
    const emptyStringHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(toHex(rootFromLeafHashes([]))).toBe(emptyStringHash);
    expect(toHex(new MerkleAccumulator().root())).toBe(emptyStringHash);
  });

  it('refuses to generate proofs outside the tree', () => {
    expect(() => inclusionProof(leafHashes, 5)).toThrow(RangeError);
    expect(() => inclusionProof(leafHashes, -1)).toThrow(RangeError);
    expect(() => consistencyProof(leafHashes, 0, 3)).toThrow(RangeError);
    expect(() => consistencyProof(leafHashes, 4, 3)).toThrow(RangeError);
    expect(() => consistencyProof(leafHashes, 2, 6)).toThrow(RangeError);
  });

  it('answers false, without throwing, to malformed input', () => {
    const proof = inclusionProof(leafHashes, 2);
    const garbage = 'not bytes' as unknown as Uint8Array;
    expect(verifyInclusion(2, 5, leafHashes[2], proof, root)).toBe(true);
    expect(verifyInclusion(Number.NaN, 5, leafHashes[2], proof, root)).toBe(false);
    expect(verifyInclusion(2.5, 5, leafHashes[2], proof, root)).toBe(false);
    expect(verifyInclusion(2, 2 ** 64, leafHashes[2], proof, root)).toBe(false);
    expect(verifyInclusion(2, 5, garbage, proof, root)).toBe(false);
    expect(verifyInclusion(2, 5, leafHashes[2], [...proof.slice(0, -1), garbage], root)).toBe(false);
    expect(verifyInclusion(2, 5, leafHashes[2], proof, garbage)).toBe(false);
    expect(verifyInclusion(2, 5, leafHashes[2], garbage as unknown as Uint8Array[], root)).toBe(false);
    expect(verifyConsistency(2, 5, consistencyProof(leafHashes, 2, 5), garbage, root)).toBe(false);
    expect(verifyConsistency(2, 5, garbage as unknown as Uint8Array[], root, root)).toBe(false);
  });

  // Bit operators would truncate these sizes to 32 bits; the halving must be arithmetic.
  it('verifies proofs in a tree larger than 2^32 leaves', () => {
    const leftSize = 2 ** 33;
    const leftRoot = sha256(Buffer.from('root of the first 2^33 leaves'));
    const lastLeaf = leafHash(Buffer.from('leaf 2^33'));
    const bigRoot = nodeHash(leftRoot, lastLeaf);
    expect(verifyInclusion(leftSize, leftSize + 1, lastLeaf, [leftRoot], bigRoot)).toBe(true);
    expect(verifyInclusion(leftSize - 1, leftSize + 1, lastLeaf, [leftRoot], bigRoot)).toBe(false);
    expect(verifyConsistency(leftSize, leftSize + 1, [lastLeaf], leftRoot, bigRoot)).toBe(true);
    expect(verifyConsistency(leftSize - 1, leftSize + 1, [lastLeaf], leftRoot, bigRoot)).toBe(false);
  });
});
