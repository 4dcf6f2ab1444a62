import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { KNEX } from '../../platform/platform.tokens';
import { settleAllMembers, type SettlementReport } from '../jobs/settle-all-members';
import { SettleReputation } from './settle-reputation.command';

/** The job's command; the CLI, which runs without the app, calls settleAllMembers itself. */
@CommandHandler(SettleReputation)
export class SettleReputationHandler implements ICommandHandler<SettleReputation> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ throughDay }: SettleReputation): Promise<SettlementReport> {
    return settleAllMembers({ store: this.store, knex: this.knex, clock: this.clock }, throughDay);
  }
}
