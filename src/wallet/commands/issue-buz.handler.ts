import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Payout, PayoutFacts } from '../../earning/payout.contract';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { decideManyOnStream } from '../../platform/event-store/stream-batch-decider';
import { derivedId } from '../../shared-kernel/ids';
import { MICRO_PER_POINT } from '../domain/issuance-formula.contract';
import { decideWallet, type WalletCommand } from '../domain/wallet.decide';
import { walletStream, type WalletEvent } from '../domain/wallet.events';
import { walletDecider, type WalletState } from '../domain/wallet.state';
import { groupBy } from '../../platform/collections/group-by';
import { IssueBuz, type PayoutOutcome } from './issue-buz.command';

/**
 * Computes each award and lets the wallet stream's exact-revision append serialise the daily cap:
 * one wallet's tasks are decided in order, each on the state the previous ones left, and
 * appended together; different wallets in parallel. The command id comes from the task, so a
 * task pays at most once.
 */
@CommandHandler(IssueBuz)
export class IssueBuzHandler implements ICommandHandler<IssueBuz> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ payouts, facts }: IssueBuz): Promise<PayoutOutcome[]> {
    const wallets = [...groupBy(payouts, (payout) => payout.accepted.assigneeId)].map(([assigneeId, own]) =>
      this.payWallet(assigneeId, own, facts),
    );
    return (await Promise.all(wallets)).flat();
  }

  private async payWallet(
    assigneeId: string,
    payouts: readonly Payout[],
    facts: PayoutFacts,
  ): Promise<PayoutOutcome[]> {
    const policy = {
      dailyCapBuz: BigInt(this.config.DAILY_CAP_BUZ),
      minRepMicro: BigInt(this.config.MIN_REPUTATION_POINTS) * MICRO_PER_POINT,
    };
    const gates = facts.gates(assigneeId);
    const occurredAt = this.clock.now().toISOString();
    const outcomes = await decideManyOnStream<WalletState, WalletEvent>({
      store: this.store,
      streamId: walletStream(assigneeId),
      decider: walletDecider,
      commands: payouts.map(({ accepted, causationId, recordedAt }) => {
        const { taskId, acceptedAt, tier, quality } = accepted;
        const command: WalletCommand = {
          type: 'IssueBuz',
          taskId,
          acceptedAt,
          recordedAt,
          tier,
          quality,
          reviewerRepMicro: facts.repMicro(accepted.reviewerIds),
          ...gates,
          policy,
        };
        return {
          commandId: derivedId('issue-buz', taskId),
          metadata: { occurredAt, actorId: null, correlationId: taskId, causationId },
          decide: (state) => decideWallet(command, state),
        };
      }),
    });
    return outcomes.map((outcome, index) => ({ taskId: payouts[index].accepted.taskId, ...outcome }));
  }
}
