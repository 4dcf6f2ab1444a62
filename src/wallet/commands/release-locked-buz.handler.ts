import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { decideWallet } from '../domain/wallet.decide';
import { walletStream } from '../domain/wallet.events';
import { walletDecider } from '../domain/wallet.state';
import { ReleaseLockedBuz } from './release-locked-buz.command';

/** The wallet writes its own stream; the conversion process manager only asks it to. */
@CommandHandler(ReleaseLockedBuz)
export class ReleaseLockedBuzHandler implements ICommandHandler<ReleaseLockedBuz> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ userId, conversionId, burnBuz, unlockBuz, causationId }: ReleaseLockedBuz) {
    const cause = { commandId: derivedId('release', conversionId), actorId: null, causationId };
    const result = await this.streams.write(
      walletStream(userId),
      walletDecider,
      cause,
      (state) => decideWallet({ type: 'ReleaseLock', conversionId, burnedBuz: burnBuz, unlockedBuz: unlockBuz }, state),
      'accept',
    );
    return { written: !result.replayed && result.events.length > 0 };
  }
}
