import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { KNEX } from '../../platform/platform.tokens';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { endorsementRingStream, flagRing, reviewRing, ringFlagDecider } from '../domain/endorsement-rings';
import { FlagEndorsementRing, ReviewEndorsementRing } from './people.commands';

@CommandHandler(FlagEndorsementRing)
export class FlagEndorsementRingHandler implements ICommandHandler<FlagEndorsementRing> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ ring, causationId }: FlagEndorsementRing): Promise<void> {
    const cause = { commandId: `flag-ring:${ring.flagId}`, actorId: null, correlationId: ring.flagId, causationId };
    await this.streams.write(
      endorsementRingStream(ring.flagId),
      ringFlagDecider,
      cause,
      (state) => flagRing(state, ring),
      'accept',
    );
  }
}

/**
 * Decided on the flag's stream, so one review wins however many arrive at once. The note goes to
 * its erasable table after the decision (a refused review leaves none; a retry with the same
 * Idempotency-Key answers the first review and completes a note a crash left out).
 */
@CommandHandler(ReviewEndorsementRing)
export class ReviewEndorsementRingHandler implements ICommandHandler<ReviewEndorsementRing> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ flagId, review, context }: ReviewEndorsementRing) {
    const decided = {
      outcome: review.outcome,
      reviewedBy: context.actorId as string,
      reviewedAt: this.clock.now().toISOString(),
      hasNote: review.note !== null,
    };
    const result = await this.streams.write(
      endorsementRingStream(flagId),
      ringFlagDecider,
      context,
      (state) => reviewRing(state, flagId, decided),
      'accept',
    );
    const recorded = result.state.review;
    if (!recorded) throw new Error(`the review of ${flagId} was just decided and must be on its stream`);
    if (review.note !== null)
      await this.knex('endorsement_flag_notes')
        .insert({ flag_id: flagId, note: review.note })
        .onConflict('flag_id')
        .ignore();
    return { flagId, ...recorded };
  }
}
