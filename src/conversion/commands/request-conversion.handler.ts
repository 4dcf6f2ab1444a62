import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { StreamWriter, type WriteCause } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { userStream } from '../../identity/domain/user.events';
import { walletStream } from '../../wallet/domain/wallet.events';
import { decideConversion, type ConversionCommand } from '../domain/conversion.decide';
import { conversionStream } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import { decideWindow, WindowNotFoundError, type WindowCommand } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';
import { RequestConversion } from './conversion.commands';
import { userDecider } from '../../identity/identity.contract';
import { decideWallet, walletDecider, type WalletCommand } from '../../wallet/wallet.contract';

/**
 * Three single-stream writes, in this order: the filing on the window (whose exact-revision
 * append means no request is filed after the window closed, and which is how finalization
 * finds the request in the log), the wallet lock (whose exact-revision append means concurrent
 * requests can never lock more than is available), then the request. Each derives its ids
 * from the command, so a client retrying after a failure between them completes it. A filing
 * without a request is harmless: finalization skips a conversion that has no stream. The three
 * deciders are asked first on the loaded streams, in the order of their rules (KYC, open
 * window, available BUZ), so a refused request leaves nothing behind unless it loses a race
 * (then an unused filing).
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
    const [user, window, wallet, conversion] = await Promise.all([
      this.streams.load(userStream(userId), userDecider),
      this.streams.load(windowStream(windowId), windowDecider),
      this.streams.load(walletStream(userId), walletDecider),
      this.streams.load(conversionStream(conversionId), conversionDecider),
    ]);
    // The request's rules price the amount at the window's rate: there must be a window first.
    if (window.status === null) throw new WindowNotFoundError(windowId);
    const request: ConversionCommand = {
      type: 'RequestConversion',
      conversionId,
      windowId,
      ventureId: window.ventureId as string,
      userId,
      amountBuz,
      kycStatus: user.kycStatus,
      equityRateBps: window.equityRateBps,
    };
    const file: WindowCommand = { type: 'FileConversion', windowId, conversionId, now };
    const lock: WalletCommand = { type: 'LockBuz', conversionId, amountBuz };
    decideConversion(request, conversion);
    // A retry of a request already filed goes straight to the writes, which complete what is missing.
    if (!window.conversionIds.includes(conversionId)) {
      decideWindow(file, window);
      decideWallet(lock, wallet);
    }
    const step = (name: string): WriteCause => ({ ...cause, commandId: derivedId(cause.commandId, name) });
    await this.streams.write(windowStream(windowId), windowDecider, step('file'), (state) => decideWindow(file, state));
    await this.streams.write(walletStream(userId), walletDecider, step('lock'), (state) => decideWallet(lock, state));
    await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) =>
      decideConversion(request, state),
    );
    return { conversionId, lockedBuz: amountBuz.toString() };
  }
}
