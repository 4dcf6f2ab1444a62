import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { StreamWriter, type WriteCause } from '../../platform/event-store/stream-writer.service';
import { DomainError } from '../../shared-kernel/domain-error';
import { derivedId } from '../../shared-kernel/ids';
import { userStream } from '../../identity/domain/user.events';
import { walletStream, type WalletEvent } from '../../wallet/domain/wallet.events';
import { requestConversion } from '../domain/conversion.decide';
import { conversionStream } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import { fileConversion, requireOpenWindow } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';
import { RequestConversion } from './conversion.commands';
import { userDecider } from '../../identity/identity.contract';
import { availableBuz, walletDecider, type WalletState } from '../../wallet/wallet.contract';

function lockBuz(state: WalletState, amountBuz: bigint, conversionId: string): WalletEvent[] {
  const available = availableBuz(state);
  if (amountBuz > available) {
    throw new DomainError('INSUFFICIENT_BUZ', `Only ${available} BUZ are available to convert`, { availableBuz: available.toString(), requestedBuz: amountBuz.toString() });
  }
  return [{ type: 'BuzLocked', data: { amountBuz: amountBuz.toString(), conversionId } }];
}

/**
 * Three single-stream writes, in this order: the filing on the window (whose exact-revision
 * append means no request is filed after the window closed, and which is how finalization
 * finds the request in the log), the wallet lock (whose exact-revision append means concurrent
 * requests can never lock more than is available), then the request. Each derives its ids
 * from the command, so a client retrying after a failure between them completes it. A filing
 * without a request is harmless: finalization skips a conversion that has no stream. The rules
 * are checked on the loaded streams first, so a refused request leaves nothing behind unless it
 * loses a race (then an unused filing).
 */
@CommandHandler(RequestConversion)
export class RequestConversionHandler implements ICommandHandler<RequestConversion> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ userId, windowId, amountBuz, cause }: RequestConversion) {
    const now = this.clock.now();
    const conversionId = derivedId(cause.commandId, 'conversion');
    const [user, window, wallet] = await Promise.all([
      this.streams.load(userStream(userId), userDecider),
      this.streams.load(windowStream(windowId), windowDecider),
      this.streams.load(walletStream(userId), walletDecider),
    ]);
    if (user.kycStatus !== 'PASSED') throw new DomainError('KYC_REQUIRED', `Converting needs KYC PASSED; yours is ${user.kycStatus}`);
    // A retry of a request already filed goes straight to the writes, which complete what is missing.
    if (!window.conversionIds.includes(conversionId)) {
      requireOpenWindow(window, windowId, now);
      lockBuz(wallet, amountBuz, conversionId);
    }
    const step = (name: string): WriteCause => ({ ...cause, commandId: derivedId(cause.commandId, name) });
    await this.streams.write(windowStream(windowId), windowDecider, step('file'), (state) => fileConversion(state, { windowId, conversionId, now }));
    await this.streams.write(walletStream(userId), walletDecider, step('lock'), (state) => lockBuz(state, amountBuz, conversionId));
    await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) =>
      requestConversion(state, { conversionId, windowId, ventureId: window.ventureId as string, userId, amountBuz }),
    );
    return { conversionId, lockedBuz: amountBuz.toString() };
  }
}
