/**
 * The browser's own monitor of the log (README "Witnesses"): it remembers the last checkpoint it
 * verified and, on every visit, asks for a consistency proof from it to the newest and checks it
 * here. A server that rewrote history cannot produce that proof, whatever key it signs with.
 */
import { hexToBytes, verifyConsistency, type Bytes } from './merkle.js';

export interface MonitoredCheckpoint {
  treeSize: number;
  rootHash: string;
  /** When this browser verified it (ISO 8601). */
  verifiedAt: string;
  /** Names of the witnesses that had cosigned it. */
  cosignedBy: string[];
}

export type MonitorResult =
  | { status: 'FIRST_VISIT'; current: MonitoredCheckpoint }
  | { status: 'CONSISTENT'; since: MonitoredCheckpoint; current: MonitoredCheckpoint }
  | {
      status: 'REWRITTEN';
      remembered: MonitoredCheckpoint;
      offered: { treeSize: number; rootHash: string };
      reason: string;
    };

/** Where the last verified checkpoint is kept: IndexedDB in the portal, a Map in unit tests. */
export interface CheckpointMemory {
  read(): Promise<MonitoredCheckpoint | null>;
  write(checkpoint: MonitoredCheckpoint): Promise<void>;
}

/** What the monitor asks the server: the public witness routes. */
export interface MonitorSource {
  newest(): Promise<{ treeSize: number; rootHash: string; cosignatures: { witness: string }[] }>;
  consistency(from: number, to: number): Promise<{ proof: string[] }>;
}

const bytesOf = (hex: string): Bytes => hexToBytes(hex) ?? new Uint8Array(0);

/** One check. A rewrite is never written over the remembered checkpoint: the alarm stays until someone looks. */
export async function monitorLog(source: MonitorSource, memory: CheckpointMemory, now: Date): Promise<MonitorResult> {
  const newest = await source.newest();
  const current: MonitoredCheckpoint = {
    treeSize: newest.treeSize,
    rootHash: newest.rootHash,
    verifiedAt: now.toISOString(),
    cosignedBy: newest.cosignatures.map((cosignature) => cosignature.witness),
  };
  const remembered = await memory.read();
  if (!remembered) {
    await memory.write(current);
    return { status: 'FIRST_VISIT', current };
  }
  const offered = { treeSize: newest.treeSize, rootHash: newest.rootHash };
  if (newest.treeSize < remembered.treeSize)
    return { status: 'REWRITTEN', remembered, offered, reason: 'the log is smaller than this browser last saw it' };
  if (newest.treeSize > remembered.treeSize) {
    let proof: string[];
    try {
      ({ proof } = await source.consistency(remembered.treeSize, newest.treeSize));
    } catch {
      return {
        status: 'REWRITTEN',
        remembered,
        offered,
        reason: 'the server no longer proves the checkpoint this browser verified',
      };
    }
    if (
      !(await verifyConsistency(
        remembered.treeSize,
        newest.treeSize,
        proof.map(bytesOf),
        bytesOf(remembered.rootHash),
        bytesOf(newest.rootHash),
      ))
    ) {
      return { status: 'REWRITTEN', remembered, offered, reason: 'the consistency proof does not verify' };
    }
  } else if (newest.rootHash !== remembered.rootHash) {
    return { status: 'REWRITTEN', remembered, offered, reason: 'the same tree size now has another root' };
  }
  await memory.write(current);
  return { status: 'CONSISTENT', since: remembered, current };
}
