import { Command } from '@nestjs/cqrs';
import type { SettlementReport } from '../jobs/settle-all-members';

/** Settles every member's reputation through `throughDay`; each member-day's command id makes a re-run a no-op. */
export class SettleReputation extends Command<SettlementReport> {
  constructor(readonly throughDay: string) {
    super();
  }
}
