import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import { StreamWriter } from '../platform/event-store/stream-writer.service';
import { derivedId } from '../platform/ids/ids';
import type { Projection } from '../platform/projections/projection';
import { ProjectionsService } from '../platform/projections/projections.service';
import { decideWallet, type WalletCommand } from '../wallet/domain/wallet.decide';
import { walletStream } from '../wallet/domain/wallet.events';
import { walletDecider } from '../wallet/domain/wallet.state';
import { decideConversion } from './domain/conversion.decide';
import { conversionStream, type ConversionEvent } from './domain/conversion.events';
import { conversionDecider } from './domain/conversion.state';
import { windowStream, type AllocationRecord } from './domain/window.events';
import { windowDecider } from './domain/window.state';

const UNLOCKING = ['ConversionCancelled', 'ConversionRejected', 'ConversionExpired'];

/**
 * The conversion process manager. A finalized window's allocations go to each conversion; a
 * settled conversion burns the BUZ that bought whole bp and unlocks the rest; a cancelled,
 * rejected or expired one unlocks everything; a request that reached a finalized window too late
 * expires. Every write's id derives from its cause, so re-delivery writes nothing new.
 */
@Injectable()
export class ConversionReactor implements Projection, OnModuleInit {
  readonly name = 'conversion_process';
  readonly tables = [];
  readonly canHandle = ['WindowFinalized', 'ConversionRequested', 'ConversionSettled', ...UNLOCKING];

  constructor(
    private readonly streams: StreamWriter,
    private readonly projections: ProjectionsService,
  ) {}

  onModuleInit(): void {
    this.projections.registerReactor(this);
  }

  async apply(_transaction: unknown, events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) await this.react(event);
  }

  private async react(event: RecordedEvent): Promise<void> {
    const cause = (...parts: string[]) => ({ commandId: derivedId(...parts), actorId: null, causationId: event.eventId });
    if (event.type === 'WindowFinalized') {
      for (const allocation of event.data.allocations as AllocationRecord[]) {
        await this.streams.write(conversionStream(allocation.conversionId), conversionDecider, cause('allocate', allocation.conversionId), (state) => decideConversion({ type: 'ApplyAllocation', allocation }, state), 'accept');
      }
      return;
    }
    const conversionId = event.streamId.slice('conversion-'.length);
    if (event.type === 'ConversionRequested') return this.expireIfLate(event, conversionId, cause('expire-late', conversionId));
    const { userId, release } = await this.releaseOf(event, conversionId);
    await this.streams.write(walletStream(userId), walletDecider, cause('release', conversionId), (state) => decideWallet(release, state), 'accept');
  }

  /** The wallet command that ends a conversion's lock: a settlement's burn and unlock, or an unlock of everything. */
  private async releaseOf(event: RecordedEvent, conversionId: string): Promise<{ userId: string; release: WalletCommand }> {
    if (event.type === 'ConversionSettled') {
      const data = event.data as Extract<ConversionEvent, { type: 'ConversionSettled' }>['data'];
      return { userId: data.userId, release: { type: 'SettleConversion', conversionId, burnedBuz: BigInt(data.burnedBuz), unlockedBuz: BigInt(data.unlockedBuz) } };
    }
    const state = await this.streams.load(conversionStream(conversionId), conversionDecider);
    return { userId: state.userId as string, release: { type: 'UnlockConversion', conversionId, amountBuz: state.amountBuz } };
  }

  private async expireIfLate(event: RecordedEvent, conversionId: string, cause: { commandId: string; actorId: null; causationId: string }): Promise<void> {
    const window = await this.streams.load(windowStream(event.data.windowId as string), windowDecider);
    await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) => decideConversion({ type: 'ExpireLateRequest', window }, state), 'accept');
  }
}
