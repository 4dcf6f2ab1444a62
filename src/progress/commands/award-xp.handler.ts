import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FactsReader } from '../../earning/facts.reader';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { decideOnStream } from '../../platform/event-store/stream-decider';
import { derivedId } from '../../platform/ids/ids';
import { averageMicro, reviewerCred } from '../../wallet/domain/issuance.formula';
import { awardXp } from '../domain/member.decide';
import { memberStream, type XpSource } from '../domain/member.events';
import { memberDecider } from '../domain/member.state';
import { reviewXp, taskXp } from '../domain/progress.formulas';
import { AwardTaskXp } from './award-xp.command';

@CommandHandler(AwardTaskXp)
export class AwardTaskXpHandler implements ICommandHandler<AwardTaskXp> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly facts: FactsReader,
  ) {}

  async execute({ accepted, causationId }: AwardTaskXp): Promise<{ awarded: { userId: string; xp: number }[] }> {
    const reps = await this.facts.repMicro(accepted.reviewerIds);
    const day = accepted.acceptedAt.slice(0, 10);
    const awards = [{ userId: accepted.assigneeId, source: 'task' as XpSource, xp: taskXp(accepted.tier, accepted.quality, reviewerCred(averageMicro(reps))) }];
    for (const reviewerId of accepted.helpfulReviewerIds) {
      awards.push({ userId: reviewerId, source: 'review', xp: reviewXp(reps[accepted.reviewerIds.indexOf(reviewerId)] ?? 0n) });
    }
    // Different members' streams: independent writes, each idempotent by (task, member).
    await Promise.all(
      awards.map((award) =>
        decideOnStream({
          store: this.store,
          streamId: memberStream(award.userId),
          decider: memberDecider,
          commandId: derivedId('award-xp', accepted.taskId, award.userId),
          onReplay: 'accept',
          metadata: { occurredAt: this.clock.now().toISOString(), actorId: null, correlationId: accepted.taskId, causationId },
          decide: (state) => awardXp(state, { source: award.source, ref: accepted.taskId, xp: award.xp, day }),
        }),
      ),
    );
    return { awarded: awards.map(({ userId, xp }) => ({ userId, xp })) };
  }
}
