import { Command } from '@nestjs/cqrs';
import type { PayoutFacts } from '../../earning/facts.reader';
import type { TaskAcceptedData } from '../../ventures/domain/task-accepted';
import type { WalletEvent } from '../domain/wallet.events';

/** One accepted task to pay; the TaskAccepted event's id is kept as the causation of what it writes. */
export interface Payout {
  accepted: TaskAcceptedData;
  causationId: string | null;
  /** The TaskAccepted event's occurredAt: when the ledger recorded it, the cap's day. */
  recordedAt: string;
}

/** What one task's payout wrote; `replayed` when it had been paid before (nothing new written). */
export interface PayoutOutcome {
  taskId: string;
  events: WalletEvent[];
  replayed: boolean;
}

/**
 * Pay accepted tasks (or record why not), each assignee's in the order given. Idempotent by
 * task. The gates' facts arrive on the command, read when the batch is paid.
 */
export class IssueBuz extends Command<PayoutOutcome[]> {
  constructor(
    readonly payouts: readonly Payout[],
    readonly facts: PayoutFacts,
  ) {
    super();
  }
}
