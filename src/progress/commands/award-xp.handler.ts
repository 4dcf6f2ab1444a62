import { Inject } from '@nestjs/common';
import { groupBy } from '../../platform/collections/group-by';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Payout, PayoutFacts } from '../../earning/payout.contract';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { decideManyOnStream } from '../../platform/event-store/stream-batch-decider';
import { derivedId } from '../../shared-kernel/ids';
import { averageMicro, reviewerCred } from '../../wallet/domain/issuance-formula.contract';
import { awardXp } from '../domain/member.decide';
import { memberStream, type MemberEvent, type XpSource } from '../domain/member.events';
import { memberDecider, type MemberState } from '../domain/member.state';
import { reviewXp, taskXp } from '../domain/progress.formulas';
import { AwardTaskXp } from './award-xp.command';

interface XpAward {
  userId: string;
  source: XpSource;
  xp: number;
  payout: Payout;
}

/**
 * One member's awards of the batch are decided in order and appended together; different
 * members' streams are independent writes, in parallel. Each award is idempotent by (task, member).
 */
@CommandHandler(AwardTaskXp)
export class AwardTaskXpHandler implements ICommandHandler<AwardTaskXp> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ payouts, facts }: AwardTaskXp): Promise<{ awarded: { userId: string; taskId: string; xp: number }[] }> {
    const byMember = groupBy(payouts.flatMap((payout) => awardsFor(payout, facts)), (award) => award.userId);
    const occurredAt = this.clock.now().toISOString();
    await Promise.all(
      [...byMember].map(([userId, awards]) =>
        decideManyOnStream<MemberState, MemberEvent>({
          store: this.store,
          streamId: memberStream(userId),
          decider: memberDecider,
          commands: awards.map(({ source, xp, payout: { accepted, causationId } }) => ({
            commandId: derivedId('award-xp', accepted.taskId, userId),
            metadata: { occurredAt, actorId: null, correlationId: accepted.taskId, causationId },
            decide: (state) => awardXp(state, { source, ref: accepted.taskId, xp, day: accepted.acceptedAt.slice(0, 10) }),
          })),
        }),
      ),
    );
    return { awarded: [...byMember.values()].flat().map(({ userId, xp, payout }) => ({ userId, taskId: payout.accepted.taskId, xp })) };
  }
}

function awardsFor(payout: Payout, facts: PayoutFacts): XpAward[] {
  const { accepted } = payout;
  const reps = facts.repMicro(accepted.reviewerIds);
  const awards: XpAward[] = [{ userId: accepted.assigneeId, source: 'task', xp: taskXp(accepted.tier, accepted.quality, reviewerCred(averageMicro(reps))), payout }];
  for (const reviewerId of accepted.helpfulReviewerIds) {
    awards.push({ userId: reviewerId, source: 'review', xp: reviewXp(reps[accepted.reviewerIds.indexOf(reviewerId)] ?? 0n), payout });
  }
  return awards;
}
