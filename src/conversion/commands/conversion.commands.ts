import { Command } from '@nestjs/cqrs';
import type { WriteCause } from '../../platform/event-store/stream-writer.service';
import type { ConversionStatus, Vote } from '../domain/conversion.events';
import type { AllocationRecord } from '../domain/window.events';

export class ScheduleWindow extends Command<{ windowId: string }> {
  constructor(
    readonly plan: {
      ventureId: string;
      opensAt: string;
      closesAt: string;
      equityRateBps: bigint;
      poolCapBps: bigint | null;
    },
    readonly cause: WriteCause,
  ) {
    super();
  }
}

export class FinalizeWindow extends Command<{
  windowId: string;
  allocations: AllocationRecord[];
  totalGrantedBps: string;
  oversubscribed: boolean;
}> {
  constructor(
    readonly windowId: string,
    readonly cause: WriteCause,
  ) {
    super();
  }
}

export class RequestConversion extends Command<{ conversionId: string; lockedBuz: string }> {
  constructor(
    readonly userId: string,
    readonly windowId: string,
    readonly amountBuz: bigint,
    readonly cause: WriteCause,
  ) {
    super();
  }
}

export class CancelConversion extends Command<{ conversionId: string; status: ConversionStatus }> {
  constructor(
    readonly conversionId: string,
    readonly cause: WriteCause,
  ) {
    super();
  }
}

export class CastConversionVote extends Command<{ conversionId: string; status: ConversionStatus }> {
  constructor(
    readonly conversionId: string,
    readonly vote: Vote,
    readonly note: string,
    readonly cause: WriteCause,
  ) {
    super();
  }
}

/** The conversion process manager's commands: each carries the id of the event it reacts to. */
export class SettleAllocation extends Command<{ written: boolean }> {
  constructor(
    readonly allocation: AllocationRecord,
    readonly causationId: string,
  ) {
    super();
  }
}

export class ExpireLateRequest extends Command<{ written: boolean }> {
  constructor(
    readonly conversionId: string,
    readonly windowId: string,
    readonly causationId: string,
  ) {
    super();
  }
}

/** The conversion-windows job's command: move one window on, as its times say at `now`. */
export class AdvanceWindow extends Command<{ advanced: boolean }> {
  constructor(
    readonly windowId: string,
    readonly now: Date,
  ) {
    super();
  }
}
