import { describe, expect, it } from 'vitest';
import { LOG_ORIGIN } from '../../../src/audit/checkpoints/checkpoint';
import { signingKeyFromSecret } from '../../../src/audit/checkpoints/signing-key';
import { leafHash, rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { consistencyProof } from '../../../src/platform/chain/merkle-proofs';
import type { ConsistencyProof, SignedCheckpoint } from '../../../ui/src/lib/api/audit-types';
import { checkConsistency } from '../../../ui/src/lib/consistency-check';

/** The portal's in-browser consistency check, run under Node's WebCrypto against proofs the server's own code makes. */

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const key = signingKeyFromSecret('6b1f0c7c1bd8b5f2f2cbb7b6f0a4d7e1b1a2c3d4e5f60718293a4b5c6d7e8f90');
const publicKey = { algorithm: 'ECDSA-P256-SHA256' as const, keyId: key.keyId, publicKey: key.publicKey };

const leavesOf = (label: string, count: number) =>
  Array.from({ length: count }, (_, index) => leafHash(Buffer.from(`${label}-${index}`.padEnd(32, '.'))));
const signed = (leaves: readonly Uint8Array[], treeSize: number): SignedCheckpoint =>
  key.sign({ origin: LOG_ORIGIN, treeSize, rootHash: hex(rootFromLeafHashes(leaves.slice(0, treeSize))) });
const answer = (leaves: readonly Uint8Array[], from: number, to: number): ConsistencyProof => ({
  fromTreeSize: from,
  toTreeSize: to,
  fromRootHash: hex(rootFromLeafHashes(leaves.slice(0, from))),
  toRootHash: hex(rootFromLeafHashes(leaves.slice(0, to))),
  proof: consistencyProof(leaves, from, to).map(hex),
  fromCheckpoint: null,
  toCheckpoint: null,
});
const failedSteps = (verdict: { steps: { id: string; ok: boolean }[] }) =>
  verdict.steps.filter((step) => !step.ok).map((step) => step.id);

describe('the browser consistency check between two checkpoints', () => {
  const leaves = leavesOf('event', 11);

  it.each([
    [1, 11],
    [3, 7],
    [4, 11],
    [6, 6],
  ])('verifies a genuine proof from %i to %i leaves, every step', async (from, to) => {
    const verdict = await checkConsistency(
      signed(leaves, from),
      signed(leaves, to),
      answer(leaves, from, to),
      publicKey,
    );
    expect(failedSteps(verdict)).toEqual([]);
    expect(verdict.verified).toBe(true);
  });

  it('fails when a node of the proof was changed', async () => {
    const tampered = answer(leaves, 3, 7);
    tampered.proof[1] = `${tampered.proof[1].slice(0, 63)}${tampered.proof[1].endsWith('0') ? '1' : '0'}`;
    const verdict = await checkConsistency(signed(leaves, 3), signed(leaves, 7), tampered, publicKey);
    expect(verdict.verified).toBe(false);
    expect(failedSteps(verdict)).toEqual(['proof']);
  });

  it('fails when history was rewritten and re-signed, even if the server states the roots it likes', async () => {
    const rewritten = [...leaves.slice(0, 2), ...leavesOf('forged', 9)];
    const older = signed(leaves, 3);
    const newer = signed(rewritten, 7);
    const lie = { ...answer(rewritten, 3, 7), fromRootHash: older.rootHash };
    const verdict = await checkConsistency(older, newer, lie, publicKey);
    expect(verdict.verified).toBe(false);
    expect(failedSteps(verdict)).toEqual(['proof']);
  });

  it('fails on a proof for other tree sizes, or older and newer swapped', async () => {
    const otherSizes = await checkConsistency(signed(leaves, 3), signed(leaves, 7), answer(leaves, 4, 7), publicKey);
    expect(failedSteps(otherSizes)).toEqual(['sizes', 'proof']);
    const swapped = await checkConsistency(signed(leaves, 7), signed(leaves, 3), answer(leaves, 3, 7), publicKey);
    expect(swapped.verified).toBe(false);
    expect(failedSteps(swapped)).toContain('sizes');
  });

  it('fails when a checkpoint does not carry a valid signature', async () => {
    const forged = { ...signed(leaves, 7), rootHash: hex(rootFromLeafHashes(leavesOf('forged', 7))) };
    const verdict = await checkConsistency(signed(leaves, 3), forged, answer(leaves, 3, 7), publicKey);
    expect(verdict.verified).toBe(false);
    expect(failedSteps(verdict)).toEqual(['signatures', 'proof']);
  });
});
