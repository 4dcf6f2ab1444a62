/** The public witness routes (README "Witnesses"): no session needed, so members' pages can monitor too. */
import { apiGet, type ResponseOf } from './contract';

export type WitnessCheckpoint = ResponseOf<'/api/v1/witness/checkpoint', 'get'>;
export type WitnessStatus = ResponseOf<'/api/v1/witness/status', 'get'>;

export const getWitnessCheckpoint = () => apiGet('/api/v1/witness/checkpoint', {});
export const getWitnessConsistency = (from: number, to: number) =>
  apiGet('/api/v1/witness/consistency', { query: { from, to } });
export const getWitnessStatus = () => apiGet('/api/v1/witness/status', {});
