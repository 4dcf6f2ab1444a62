import { Command } from '@nestjs/cqrs';
import type { Payout, PayoutFacts } from '../../earning/payout.contract';
import type { WalletEvent } from '../domain/wallet.events';

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
