import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { requireKnownUsers } from '../../identity/identity.contract';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { trustWeightMilli } from '../../progress/progress.contract';
import { endorse, endorsementsLeftOn } from '../domain/person.decide';
import type { EndorsementGivenData } from '../domain/person.events';
import { Endorse, type EndorsementOutcome } from './people.commands';
import { PersonStreams } from './person-streams';

/**
 * The endorser's weight comes from their reputation in the log at the time of the endorsement
 * and is recorded in the event; the endorsee's XP and reputation follow from it in the progress
 * context (EndorsementCredited), dispatched by the gamification reactor.
 */
@CommandHandler(Endorse)
export class EndorseHandler implements ICommandHandler<Endorse> {
  constructor(
    private readonly people: PersonStreams,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ endorserId, endorsement, context }: Endorse): Promise<EndorsementOutcome> {
    const { userId: endorseeId, skillSlug, note } = endorsement;
    await requireKnownUsers(this.store, [endorseeId]);
    const [catalog, repMicro] = await Promise.all([this.people.catalog(), this.people.repMicro(endorserId)]);
    const endorsementId = derivedId(context.commandId, 'endorsement');
    const now = this.people.clock.now();
    const request = {
      endorsementId,
      endorserId,
      endorseeId,
      skillSlug,
      hasNote: note !== null,
      weightMilli: trustWeightMilli(repMicro),
      now,
    };
    const result = await this.people.writePerson(
      endorserId,
      context,
      (state) => endorse(state, catalog, request),
      'accept',
    );
    const given = result.state.given.find(
      (candidate) => candidate.endorsementId === endorsementId,
    ) as EndorsementGivenData;
    // The note names people; it stays out of the log, written once the endorsement is.
    if (note !== null)
      await this.knex('endorsement_notes')
        .insert({ endorsement_id: endorsementId, endorser_id: endorserId, endorsee_id: endorseeId, note })
        .onConflict('endorsement_id')
        .ignore();
    return {
      endorsementId,
      userId: endorseeId,
      skillSlug,
      day: given.day,
      weight: (given.weightMilli / 1000).toFixed(3),
      endorsementsLeftToday: endorsementsLeftOn(result.state, now.toISOString().slice(0, 10)),
    };
  }
}
