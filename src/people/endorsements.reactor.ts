import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import type { Reactor } from '../platform/reactors/reactor';
import { CreditEndorsement } from '../progress/commands/gamification-xp.commands';
import { FlagEndorsementRing } from './commands/people.commands';
import { PersonStreams } from './commands/person-streams';
import { ringsClosedBy } from './domain/endorsement-rings';
import type { EndorsementGivenData } from './domain/person.events';

/**
 * EndorsementGiven → the endorsee's XP and reputation credit (progress), and a compliance flag
 * for each endorsement ring it closes. At-least-once on one leader with a checkpoint; every
 * command's id comes from the endorsement or the ring, so a redelivery writes nothing new.
 */
@Injectable()
export class EndorsementsReactor implements Reactor {
  readonly name = 'endorsements_process';
  readonly canHandle = ['EndorsementGiven'];

  constructor(
    private readonly commands: CommandBus,
    private readonly people: PersonStreams,
  ) {}

  async react(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      const given = event.data as EndorsementGivenData;
      const endorserId = event.streamId.slice('person-'.length);
      await this.commands.execute(
        new CreditEndorsement(
          {
            endorseeId: given.endorseeId,
            endorsementId: given.endorsementId,
            day: given.day,
            weightMilli: given.weightMilli,
          },
          event.eventId,
        ),
      );
      for (const ring of await this.ringsOf(endorserId, given))
        await this.commands.execute(new FlagEndorsementRing(ring, event.eventId));
    }
  }

  /** The others' endorsements as the log has them now: a ring closed by a later endorsement is found then. */
  private async ringsOf(endorserId: string, given: EndorsementGivenData) {
    const known = new Map<string, readonly EndorsementGivenData[]>();
    const byEndorsee = (await this.people.person(given.endorseeId)).given;
    known.set(given.endorseeId, byEndorsee);
    // Only that day's onward endorsements can make a cycle.
    for (const onward of byEndorsee.filter((candidate) => candidate.day === given.day))
      if (!known.has(onward.endorseeId))
        known.set(onward.endorseeId, (await this.people.person(onward.endorseeId)).given);
    return ringsClosedBy(endorserId, given, (userId) => known.get(userId) ?? []);
  }
}
