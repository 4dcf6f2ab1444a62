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

/** The latest event a projection could not apply. */
export interface ProjectionFailure {
  /** Global position of that event; the projection's own position stays just before it. */
  position: string;
  eventId: string | null;
  eventType: string | null;
  /** A short message without the event's data. */
  error: string | null;
  /** ISO 8601. */
  failedAt: string | null;
  /** Failed attempts at this event so far. */
  attempts: number;
}

export interface ProjectionStatus {
  name: string;
  /** FAILED: stopped at `failure.position` until an operator runs `projections retry`. */
  status: 'RUNNING' | 'FAILED';
  /** The global position it has processed up to: opaque, only the event store can interpret it. Null before the first event. */
  position: string | null;
  eventsBehind: number;
  lagMs: number | null;
  /** Whether this server instance holds the leader lock that runs the projection. */
  leader: boolean;
  /** Set while it retries an event, and once it is FAILED; null otherwise. */
  failure: ProjectionFailure | null;
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
