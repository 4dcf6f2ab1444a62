import { Query } from '@nestjs/cqrs';
import type { ChainBreak } from '../../platform/chain/chain-verifier';
import type {
  ProjectionFailure,
  ProjectionRunState,
} from '../../platform/projections/projection-checkpoints.repository';

export interface ProjectionStatus {
  name: string;
  /** FAILED: stopped at `failure.position` until `projections retry`. */
  status: ProjectionRunState;
  position: string | null;
  eventsBehind: number;
  lagMs: number | null;
  /** Whether the instance that answered is the projection's leader. */
  leader: boolean;
  /** The latest event it could not apply (while retrying, or FAILED); null when none. */
  failure: ProjectionFailure | null;
}

export interface LedgerStatus {
  events: number;
  streams: number;
  chain: {
    status: 'VERIFIED' | 'BROKEN' | 'NOT_YET_VERIFIED';
    checkedAt: string | null;
    eventsChecked: number;
    durationMs: number | null;
    firstBreak: ChainBreak | null;
  };
  projections: ProjectionStatus[];
  generatedAt: string;
}

/** The "Ledger status" page: totals, the last chain verification, and projection lag. */
export class GetLedgerStatus extends Query<LedgerStatus> {}
