import { Inject } from '@nestjs/common';
import { groupBy } from '../../platform/collections/group-by';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Payout, PayoutFacts } from '../../earning/payout.contract';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { decideManyOnStream } from '../../platform/event-store/stream-batch-decider';
import { derivedId } from '../../shared-kernel/ids';
import { decideMember, type MemberCommand } from '../domain/member.decide';
import { memberStream, type MemberEvent } from '../domain/member.events';
import { memberDecider, type MemberState } from '../domain/member.state';
import { AwardTaskXp } from './award-xp.command';

/** One member's XP command for one accepted task. */
interface XpAward {
  userId: string;
  command: MemberCommand;
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

  async execute({
    payouts,
    facts,
  }: AwardTaskXp): Promise<{ awarded: { userId: string; taskId: string; xp: number }[] }> {
    const byMember = groupBy(
      payouts.flatMap((payout) => awardsFor(payout, facts)),
      (award) => award.userId,
    );
    const occurredAt = this.clock.now().toISOString();
    const written = await Promise.all(
      [...byMember].map(async ([userId, awards]) => {
        const outcomes = await decideManyOnStream<MemberState, MemberEvent>({
          store: this.store,
          streamId: memberStream(userId),
          decider: memberDecider,
          commands: awards.map(({ command, payout: { accepted, causationId } }) => ({
            commandId: derivedId('award-xp', accepted.taskId, userId),
            metadata: { occurredAt, actorId: null, correlationId: accepted.taskId, causationId },
            decide: (state) => decideMember(command, state),
          })),
        });
        return outcomes.flatMap((outcome, index) =>
          outcome.events.flatMap((event) =>
            event.type === 'XpAwarded'
              ? [{ userId, taskId: awards[index].payout.accepted.taskId, xp: event.data.xp }]
              : [],
          ),
        );
      }),
    );
    return { awarded: written.flat() };
  }
}

/** Who earns XP for an accepted task: its assignee, and each reviewer the owner marked helpful. */
function awardsFor(payout: Payout, facts: PayoutFacts): XpAward[] {
  const { accepted } = payout;
  const reps = facts.repMicro(accepted.reviewerIds);
  const ref = accepted.taskId;
  const day = accepted.acceptedAt.slice(0, 10);
  const awards: XpAward[] = [
    {
      userId: accepted.assigneeId,
      command: {
        type: 'AwardTaskXp',
        ref,
        day,
        tier: accepted.tier,
        quality: accepted.quality,
        reviewerRepMicro: reps,
      },
      payout,
    },
  ];
  for (const reviewerId of accepted.helpfulReviewerIds) {
    awards.push({
      userId: reviewerId,
      command: {
        type: 'AwardReviewXp',
        ref,
        day,
        reviewerRepMicro: reps[accepted.reviewerIds.indexOf(reviewerId)] ?? 0n,
      },
      payout,
    });
  }
  return awards;
}
