import { Injectable } from '@nestjs/common';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { walletStream } from '../../wallet/domain/wallet.events';
import { availableBuz, walletDecider } from '../../wallet/wallet.contract';
import { decideConversionPreview } from '../domain/conversion.decide';
import { WindowNotFoundError } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';

/**
 * The member's conversion preview, decided by the same pure rules as the request, on the same
 * streams (not a lagging read model): what a request of `amountBuz` would lock and buy now.
 */
@Injectable()
export class ConversionPreview {
  constructor(private readonly streams: StreamWriter) {}

  async of(userId: string, windowId: string, amountBuz: bigint) {
    const [window, wallet] = await Promise.all([
      this.streams.load(windowStream(windowId), windowDecider),
      this.streams.load(walletStream(userId), walletDecider),
    ]);
    if (window.status === null) throw new WindowNotFoundError(windowId);
    const available = availableBuz(wallet);
    const preview = decideConversionPreview({
      amountBuz,
      availableBuz: available,
      equityRateBps: window.equityRateBps,
    });
    const text = (value: bigint) => value.toString();
    return {
      windowId,
      amountBuz: text(amountBuz),
      availableBuz: text(available),
      grantedBps: text(preview.grantedBps),
      burnedBuz: text(preview.burnedBuz),
      unlockedBuz: text(preview.unlockedBuz),
      minimumBuz: text(preview.minimumBuz),
    };
  }
}
