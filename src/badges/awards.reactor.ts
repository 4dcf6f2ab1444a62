import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../platform/event-store/event-store.port';
import type { Reactor } from '../platform/reactors/reactor';
import { AwardBadgeXp } from '../progress/commands/gamification-xp.commands';
import { IssueCredential, RevokeCredential } from './commands/badge.commands';
import type { AwardEvent } from './domain/awards';
import { credentialIdOf } from './domain/credential-ids';

/**
 * BadgeAwarded → 50 XP on the member's stream and an Open Badges credential (a status list
 * index); BadgeRevoked → the credential's status bit. At-least-once, in feed order, on one
 * leader; every command's id comes from the award event, so a redelivery writes nothing new.
 */
@Injectable()
export class AwardsReactor implements Reactor {
  readonly name = 'awards_process';
  readonly canHandle = ['BadgeAwarded', 'BadgeRevoked'];

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async react(events: readonly RecordedEvent[]): Promise<void> {
    for (const recorded of events) {
      const userId = recorded.streamId.slice('awards-'.length);
      const event = { type: recorded.type, data: recorded.data } as AwardEvent;
      if (event.type === 'BadgeAwarded') {
        const { badgeCode, day } = event.data;
        await this.commands.execute(new AwardBadgeXp({ userId, badgeCode, day }, recorded.eventId));
        const award = {
          credentialId: credentialIdOf(recorded.eventId),
          userId,
          badgeCode,
          awardEventId: recorded.eventId,
          awardEventHash: recorded.hash,
          awardedAt: recorded.metadata.occurredAt,
        };
        await this.commands.execute(new IssueCredential(award, recorded.eventId));
      } else {
        await this.commands.execute(
          new RevokeCredential(credentialIdOf(await this.awardEventOf(recorded)), recorded.eventId),
        );
      }
    }
  }

  /** The award a revocation takes back: the badge's latest BadgeAwarded before it in the stream. */
  private async awardEventOf(revoked: RecordedEvent): Promise<string> {
    const history = await this.store.readStream(revoked.streamId, {
      fromRevision: revoked.revision,
      direction: 'backwards',
    });
    const award = history.find(
      (event) => event.type === 'BadgeAwarded' && event.data.badgeCode === revoked.data.badgeCode,
    );
    if (!award)
      throw new Error(`BadgeRevoked ${revoked.eventId} follows no award of ${JSON.stringify(revoked.data.badgeCode)}`);
    return award.eventId;
  }
}
