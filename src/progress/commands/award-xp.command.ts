import { Command } from '@nestjs/cqrs';
import type { Payout, PayoutFacts } from '../../earning/payout.contract';

/** XP for accepted tasks: each assignee's task XP and each helpful reviewer's review XP. */
export class AwardTaskXp extends Command<{ awarded: { userId: string; taskId: string; xp: number }[] }> {
  constructor(
    readonly payouts: readonly Payout[],
    /** Reviewers' reputations, read when the batch is paid. */
    readonly facts: PayoutFacts,
  ) {
    super();
  }
}
