import { describe, expect, it } from 'vitest';
import { rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { consistencyProof } from '../../../src/platform/chain/merkle-proofs';
import {
  monitorLog,
  type CheckpointMemory,
  type MonitoredCheckpoint,
  type MonitorSource,
} from '../../../ui/src/lib/log-monitor';
import { verifyConsistency } from '../../../ui/src/lib/merkle';
import { consistencyVector, vectorFiles } from '../../support/merkle-vectors';

/** The portal's monitor, run under Node's WebCrypto against the transparency-dev vectors and the server's own proofs. */

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const leaves = (count: number, salt = 0) =>
  Array.from({ length: count }, (_, index) => new Uint8Array(32).fill((index + salt) % 251));

/** A log over `leafHashes` as the witness routes serve it. */
function logOf(leafHashes: Uint8Array[]): MonitorSource {
  return {
    newest: () =>
      Promise.resolve({
        treeSize: leafHashes.length,
        rootHash: hex(rootFromLeafHashes(leafHashes)),
        cosignatures: [{ witness: 'witness.test/w1' }],
      }),
    consistency: (from, to) => Promise.resolve({ proof: consistencyProof(leafHashes, from, to).map(hex) }),
  };
}

function memory(): CheckpointMemory & { value: MonitoredCheckpoint | null } {
  return {
    value: null,
    read() {
      return Promise.resolve(this.value);
    },
    write(checkpoint) {
      this.value = checkpoint;
      return Promise.resolve();
    },
  };
}

describe('the browser log monitor', () => {
  const files = vectorFiles('consistency');

  it.each(files)('verifies consistency like the server: vector %s', async (file) => {
    const vector = consistencyVector(file);
    const accepted = await verifyConsistency(
      vector.size1,
      vector.size2,
      (vector.proof ?? []).map(fromBase64),
      fromBase64(vector.root1),
      fromBase64(vector.root2),
    );
    expect(accepted, vector.desc).toBe(!vector.wantErr);
  });

  it('remembers the first checkpoint, then accepts only logs that extend it', async () => {
    const kept = memory();
    const first = await monitorLog(logOf(leaves(7)), kept, new Date('2026-12-07T03:00:00Z'));
    expect(first).toMatchObject({ status: 'FIRST_VISIT', current: { treeSize: 7, cosignedBy: ['witness.test/w1'] } });
    const grown = await monitorLog(logOf(leaves(20)), kept, new Date('2026-12-07T04:00:00Z'));
    expect(grown).toMatchObject({
      status: 'CONSISTENT',
      since: { treeSize: 7, verifiedAt: '2026-12-07T03:00:00.000Z' },
      current: { treeSize: 20 },
    });
    expect(kept.value?.treeSize).toBe(20);
  });

  it('raises the alarm, naming both checkpoints, and keeps the remembered one, when history was rewritten', async () => {
    const kept = memory();
    await monitorLog(logOf(leaves(7)), kept, new Date());
    const rewritten = [...leaves(20)];
    rewritten[3] = new Uint8Array(32).fill(200);
    const alarm = await monitorLog(logOf(rewritten), kept, new Date());
    expect(alarm).toEqual({
      status: 'REWRITTEN',
      remembered: expect.objectContaining({ treeSize: 7, rootHash: hex(rootFromLeafHashes(leaves(7))) }) as unknown,
      offered: { treeSize: 20, rootHash: hex(rootFromLeafHashes(rewritten)) },
      reason: 'the consistency proof does not verify',
    });
    expect(kept.value?.treeSize).toBe(7);
    expect(await monitorLog(logOf(leaves(5)), kept, new Date())).toMatchObject({
      status: 'REWRITTEN',
      reason: 'the log is smaller than this browser last saw it',
    });
    expect(await monitorLog(logOf(leaves(7, 1)), kept, new Date())).toMatchObject({
      status: 'REWRITTEN',
      reason: 'the same tree size now has another root',
    });
    const unproven = { ...logOf(leaves(9)), consistency: () => Promise.reject(new Error('409 TREE_SIZE_UNAVAILABLE')) };
    expect(await monitorLog(unproven, kept, new Date())).toMatchObject({
      status: 'REWRITTEN',
      reason: 'the server no longer proves the checkpoint this browser verified',
    });
  });
});
