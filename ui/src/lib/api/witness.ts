/** The public witness routes (README "Witnesses"): no session needed, so members' pages can monitor too. */
import { getJson } from './http';

export interface WitnessCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: string;
  signedAt: string;
  note: string;
  logKey: string;
  cosignatures: { witness: string; keyId: string; treeSize: number; cosignedAt: string }[];
}

export const getWitnessCheckpoint = () => getJson<WitnessCheckpoint>('/api/v1/witness/checkpoint');

export const getWitnessConsistency = (from: number, to: number) =>
  getJson<{ fromTreeSize: number; toTreeSize: number; proof: string[] }>(`/api/v1/witness/consistency?from=${from}&to=${to}`);

export interface WitnessStatus {
  logKey: string;
  witnesses: { witness: string; keyId: string; lastCosigned: { treeSize: number; cosignedAt: string } | null; cosignedLatest: boolean }[];
}

export const getWitnessStatus = () => getJson<WitnessStatus>('/api/v1/witness/status');
