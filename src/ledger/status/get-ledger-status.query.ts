import { Query } from '@nestjs/cqrs';
import type { ChainBreak } from '../../platform/chain/chain-verifier';

export interface ProjectionStatus {
  name: string;
  position: string | null;
  eventsBehind: number;
  lagMs: number | null;
  /** Whether the instance that answered is the projection's leader. */
  leader: boolean;
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
