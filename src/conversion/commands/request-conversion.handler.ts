import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { DomainError } from '../../platform/http/domain-error';
import { derivedId } from '../../platform/ids/ids';
import { userStream } from '../../identity/domain/user.events';
import { userDecider } from '../../identity/domain/user.state';
import { walletStream, type WalletEvent } from '../../wallet/domain/wallet.events';
import { availableBuz, walletDecider, type WalletState } from '../../wallet/domain/wallet.state';
import { requestConversion } from '../domain/conversion.decide';
import { conversionStream } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import { WindowNotFoundError } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider, type WindowState } from '../domain/window.state';
import { RequestConversion } from './conversion.commands';

export function requireOpenWindow(window: WindowState, windowId: string, now: Date): void {
  if (window.status === null) throw new WindowNotFoundError(windowId);
  if (window.status !== 'OPEN' || now.getTime() >= Date.parse(window.closesAt as string)) {
    throw new DomainError(409, 'WINDOW_NOT_OPEN', `The conversion window is ${window.status === 'OPEN' ? 'past its closing time' : window.status}; requests need an open window`);
  }
}

function lockBuz(state: WalletState, amountBuz: bigint, conversionId: string): WalletEvent[] {
  const available = availableBuz(state);
  if (amountBuz > available) {
    throw new DomainError(409, 'INSUFFICIENT_BUZ', `Only ${available} BUZ are available to convert`, { availableBuz: available.toString(), requestedBuz: amountBuz.toString() });
  }
  return [{ type: 'BuzLocked', data: { amountBuz: amountBuz.toString(), conversionId } }];
}

/**
 * Two single-stream writes, in this order: the wallet lock (whose exact-revision append means
 * concurrent requests can never lock more than is available), then the request. Both derive
 * their ids from the command, so a client retrying after a failure between them completes it.
 */
@CommandHandler(RequestConversion)
export class RequestConversionHandler implements ICommandHandler<RequestConversion> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ userId, windowId, amountBuz, cause }: RequestConversion) {
    const [user, window] = await Promise.all([this.streams.load(userStream(userId), userDecider), this.streams.load(windowStream(windowId), windowDecider)]);
    if (user.kycStatus !== 'PASSED') throw new DomainError(403, 'KYC_REQUIRED', `Converting needs KYC PASSED; yours is ${user.kycStatus}`);
    requireOpenWindow(window, windowId, this.clock.now());
    const conversionId = derivedId(cause.commandId, 'conversion');
    await this.streams.write(walletStream(userId), walletDecider, { ...cause, commandId: derivedId(cause.commandId, 'lock') }, (state) => lockBuz(state, amountBuz, conversionId));
    await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) =>
      requestConversion(state, { conversionId, windowId, ventureId: window.ventureId as string, userId, amountBuz }),
    );
    return { conversionId, lockedBuz: amountBuz.toString() };
  }
}
