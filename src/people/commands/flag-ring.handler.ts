import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { endorsementRingStream, flagRing, ringFlagDecider } from '../domain/endorsement-rings';
import { FlagEndorsementRing } from './people.commands';

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
