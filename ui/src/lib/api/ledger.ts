import { getJson, type RequestOptions } from './http';

export type ChainStatus = 'VERIFIED' | 'BROKEN' | 'NOT_YET_VERIFIED';

/** Where the hash chain first stopped matching. Hashes are hex strings. */
export interface ChainBreak {
  streamId: string;
  /** A bigint revision, as a string. */
  revision: string;
  problem: string;
  expected: string | null;
  actual: string | null;
}

export interface ChainVerification {
  status: ChainStatus;
  /** ISO 8601; null until the first verification has run. */
  checkedAt: string | null;
  eventsChecked: number;
  durationMs: number | null;
  firstBreak: ChainBreak | null;
}

export interface ProjectionStatus {
  name: string;
  /** The global position it has processed up to: opaque, only the event store can interpret it. Null before the first event. */
  position: string | null;
  eventsBehind: number;
  lagMs: number | null;
  /** Whether this server instance holds the leader lock that runs the projection. */
  leader: boolean;
}

export interface LedgerStatus {
  events: number;
  streams: number;
  chain: ChainVerification;
  projections: ProjectionStatus[];
  /** ISO 8601. */
  generatedAt: string;
}

export function getLedgerStatus(options?: RequestOptions): Promise<LedgerStatus> {
  return getJson<LedgerStatus>('/api/v1/ledger/status', options);
}
