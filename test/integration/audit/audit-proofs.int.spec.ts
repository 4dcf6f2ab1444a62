import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventAfterTreeSizeError, EventNotInLogError, TreeSizeUnavailableError } from '../../../src/audit/audit.errors';
import { CheckpointLog } from '../../../src/audit/checkpoints/checkpoint-log';
import { verifyInclusionProofFile } from '../../../src/audit/offline/proof-verifier';
import { AuditProofs, type InclusionProof } from '../../../src/audit/proofs/audit-proofs';
import { chainHash } from '../../../src/platform/chain/event-hash';
import { rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { verifyConsistency, verifyInclusion } from '../../../src/platform/chain/merkle-proofs';
import { anEvent, uniqueStream } from '../../support/events';
import { AuditLedger, TEST_KEY } from './audit-ledger';
import { closeIfStarted } from '../../support/teardown';
import { present } from '../../support/present';

const bytes = (hex: string) => Buffer.from(hex, 'hex');
const hexOf = (value: Uint8Array) => Buffer.from(value).toString('hex');

/** Given 10 events and checkpoints at tree sizes 4 and 8 (their events are leaves 10 and 11). */
describe('inclusion and consistency proofs (real PostgreSQL)', () => {
  let ledger: AuditLedger;
  let proofs: AuditProofs;

  beforeAll(async () => {
    ledger = await AuditLedger.create('proofs');
    await ledger.append([uniqueStream('wallet'), uniqueStream('member')], 10);
    await ledger.seal();
    proofs = new AuditProofs(ledger.leaves, ledger.nodes, new CheckpointLog(ledger.store), ledger.store);
  });
  afterAll(async () => {
    await closeIfStarted(ledger);
  });

  const eventIdAtLeaf = async (leafIndex: number) =>
    present(await ledger.leaves.at(leafIndex), `the leaf ${leafIndex}`).eventId;
  const checksOut = (proof: InclusionProof, root: string) =>
    verifyInclusion(proof.leafIndex, proof.treeSize, bytes(proof.leafHash), proof.proof.map(bytes), bytes(root));

  it('proves every event of the latest checkpoint against its signed root, also offline', async () => {
    for (let leafIndex = 0; leafIndex < 8; leafIndex += 1) {
      const proof = await proofs.inclusion(await eventIdAtLeaf(leafIndex));
      expect(proof).toMatchObject({ leafIndex, treeSize: 8, checkpoint: { treeSize: 8, revision: '1' } });
      expect(proof.rootHash).toBe(proof.checkpoint?.rootHash);
      expect(checksOut(proof, present(proof.checkpoint, 'the signed checkpoint').rootHash)).toBe(true);
      expect(verifyInclusionProofFile(JSON.parse(JSON.stringify(proof)), TEST_KEY)).toEqual({
        status: 'VERIFIED',
        reason: null,
      });
    }
  });

  it('proves against any sealed tree size, checkpointed or not', async () => {
    const proof = await proofs.inclusion(await eventIdAtLeaf(2), 11);
    const leaves = await ledger.leaves.range(0, 11);
    expect(proof).toMatchObject({
      treeSize: 11,
      checkpoint: null,
      rootHash: hexOf(rootFromLeafHashes(leaves.map((leaf) => leaf.leafHash))),
    });
    expect(checksOut(proof, proof.rootHash)).toBe(true);
  });

  it('refuses events outside the log or the tree, and tree sizes never sealed', async () => {
    const unsealed = anEvent();
    await ledger.store.append(uniqueStream('wallet'), [unsealed], { expectedRevision: 'no_stream' });
    await expect(proofs.inclusion(unsealed.eventId)).rejects.toThrow(EventNotInLogError);
    await expect(proofs.inclusion(await eventIdAtLeaf(9))).rejects.toThrow(EventAfterTreeSizeError);
    await expect(proofs.inclusion(await eventIdAtLeaf(0), 99)).rejects.toThrow(TreeSizeUnavailableError);
    await expect(proofs.consistency(9, 8)).rejects.toThrow(TreeSizeUnavailableError);
  });

  it('proves consistency between two checkpoints, and between any two sealed sizes', async () => {
    const betweenCheckpoints = await proofs.consistency(4);
    expect(betweenCheckpoints).toMatchObject({
      fromTreeSize: 4,
      toTreeSize: 8,
      fromCheckpoint: { revision: '0' },
      toCheckpoint: { revision: '1' },
    });
    const { fromCheckpoint, toCheckpoint } = betweenCheckpoints;
    expect(
      verifyConsistency(
        4,
        8,
        betweenCheckpoints.proof.map(bytes),
        bytes(present(fromCheckpoint, 'the checkpoint of size 4').rootHash),
        bytes(present(toCheckpoint, 'the checkpoint of size 8').rootHash),
      ),
    ).toBe(true);
    const any = await proofs.consistency(3, 11);
    expect(verifyConsistency(3, 11, any.proof.map(bytes), bytes(any.fromRootHash), bytes(any.toRootHash))).toBe(true);
  });

  it('rejects an inclusion proof for an event that is not in the log', async () => {
    const genuine = JSON.parse(JSON.stringify(await proofs.inclusion(await eventIdAtLeaf(3)))) as InclusionProof;
    // A forged event, consistently hashed, presented with a genuine event's proof.
    const forged = { ...present(genuine.event, 'the proven event'), dataText: '{"amountBuz":"1000000"}' };
    forged.hash = chainHash(forged.prevHash, { ...forged, revision: BigInt(forged.revision) });
    expect(verifyInclusionProofFile({ ...genuine, event: forged }, TEST_KEY)).toEqual({
      status: 'REJECTED',
      reason: expect.stringContaining('is not in the log') as unknown,
    });
    // The genuine event under a checkpoint whose signature does not match.
    const unsigned = {
      ...genuine,
      checkpoint: { ...present(genuine.checkpoint, 'the signed checkpoint'), rootHash: 'a'.repeat(64) },
    };
    expect(verifyInclusionProofFile(unsigned, TEST_KEY)).toEqual({
      status: 'REJECTED',
      reason: expect.stringContaining('is not signed by key') as unknown,
    });
    // Content changed but the stated hash kept.
    expect(
      verifyInclusionProofFile(
        { ...genuine, event: { ...present(genuine.event, 'the proven event'), dataText: '{}' } },
        TEST_KEY,
      ).reason,
    ).toContain('hashes to');
  });
});
