import { apiGet, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

export type LedgerStatus = ResponseOf<'/api/v1/ledger/status', 'get'>;
export type ChainVerification = LedgerStatus['chain'];
export type ChainStatus = ChainVerification['status'];
/** Where the hash chain first stopped matching. Hashes are hex strings. */
export type ChainBreak = NonNullable<ChainVerification['firstBreak']>;
export type ProjectionStatus = LedgerStatus['projections'][number];
/** The latest event a projection could not apply. */
export type ProjectionFailure = NonNullable<ProjectionStatus['failure']>;

export function getLedgerStatus(options?: RequestOptions): Promise<LedgerStatus> {
  return apiGet('/api/v1/ledger/status', {}, options);
}
