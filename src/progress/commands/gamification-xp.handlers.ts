import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { decideMember } from '../domain/member.decide';
import { memberStream } from '../domain/member.events';
import { memberDecider } from '../domain/member.state';
import { AwardBadgeXp, CreditEndorsement } from './gamification-xp.commands';

/** The command id is the cause (an endorsement, an award event), so a redelivery writes nothing new. */
@CommandHandler(CreditEndorsement)
export class CreditEndorsementHandler implements ICommandHandler<CreditEndorsement> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ credit, causationId }: CreditEndorsement): Promise<void> {
    const { endorseeId, ...rest } = credit;
    const cause = {
      commandId: `credit-endorsement:${credit.endorsementId}`,
      actorId: null,
      correlationId: credit.endorsementId,
      causationId,
    };
    await this.streams.write(
      memberStream(endorseeId),
      memberDecider,
      cause,
      (state) => decideMember({ type: 'CreditEndorsement', ...rest }, state),
      'accept',
    );
  }
}

@CommandHandler(AwardBadgeXp)
export class AwardBadgeXpHandler implements ICommandHandler<AwardBadgeXp> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ award, causationId }: AwardBadgeXp): Promise<void> {
    const cause = { commandId: `badge-xp:${causationId}`, actorId: null, correlationId: award.badgeCode, causationId };
    await this.streams.write(
      memberStream(award.userId),
      memberDecider,
      cause,
      (state) => decideMember({ type: 'AwardBadgeXp', badgeCode: award.badgeCode, day: award.day }, state),
      'accept',
    );
  }
}
