import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FactsReader } from '../../earning/facts.reader';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { decideOnStream } from '../../platform/event-store/stream-decider';
import { derivedId } from '../../platform/ids/ids';
import { MICRO_PER_POINT, issuanceFor } from '../domain/issuance.formula';
import { decideIssuance } from '../domain/wallet.decide';
import { walletStream, type WalletEvent } from '../domain/wallet.events';
import { walletDecider } from '../domain/wallet.state';
import { IssueBuz } from './issue-buz.command';

/**
 * Loads the gates' facts, computes the award, and lets the wallet stream's exact-revision append
 * serialise the daily cap. The command id comes from the task, so a task pays at most once.
 */
@CommandHandler(IssueBuz)
export class IssueBuzHandler implements ICommandHandler<IssueBuz> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly facts: FactsReader,
  ) {}

  async execute({ accepted, causationId }: IssueBuz): Promise<{ events: WalletEvent[]; replayed: boolean }> {
    const [gates, reviewerReps] = await Promise.all([this.facts.gates(accepted.assigneeId), this.facts.repMicro(accepted.reviewerIds)]);
    const { buz, inputs } = issuanceFor(accepted.tier, accepted.quality, reviewerReps);
    const policy = { dailyCapBuz: BigInt(this.config.DAILY_CAP_BUZ), minRepMicro: BigInt(this.config.MIN_REPUTATION_POINTS) * MICRO_PER_POINT };
    const result = await decideOnStream({
      store: this.store,
      streamId: walletStream(accepted.assigneeId),
      decider: walletDecider,
      commandId: derivedId('issue-buz', accepted.taskId),
      onReplay: 'accept',
      metadata: { occurredAt: this.clock.now().toISOString(), actorId: null, correlationId: accepted.taskId, causationId },
      decide: (state) =>
        decideIssuance(state, { taskId: accepted.taskId, day: accepted.acceptedAt.slice(0, 10), requestedBuz: buz, inputs, ...gates, policy }),
    });
    return { events: result.events, replayed: result.replayed };
  }
}
