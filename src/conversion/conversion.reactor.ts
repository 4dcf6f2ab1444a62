import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import { StreamWriter } from '../platform/event-store/stream-writer.service';
import { derivedId } from '../platform/ids/ids';
import type { Projection } from '../platform/projections/projection';
import { ProjectionsService } from '../platform/projections/projections.service';
import { walletStream, type WalletEvent } from '../wallet/domain/wallet.events';
import { walletDecider } from '../wallet/domain/wallet.state';
import { applyAllocation, expireLateRequest } from './domain/conversion.decide';
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
        await this.streams.write(conversionStream(allocation.conversionId), conversionDecider, cause('allocate', allocation.conversionId), (state) => applyAllocation(state, allocation), 'accept');
      }
      return;
    }
    const conversionId = event.streamId.slice('conversion-'.length);
    if (event.type === 'ConversionRequested') return this.expireIfLate(event, conversionId, cause('expire-late', conversionId));
    const data = event.data as Extract<ConversionEvent, { type: 'ConversionSettled' }>['data'] & { amountBuz?: string };
    const walletEvents = async (): Promise<WalletEvent[]> => {
      if (event.type === 'ConversionSettled') return settlementMoves(conversionId, data.burnedBuz, data.unlockedBuz);
      const state = await this.streams.load(conversionStream(conversionId), conversionDecider);
      return [{ type: 'BuzUnlocked', data: { amountBuz: state.amountBuz.toString(), conversionId } }];
    };
    const userId = event.type === 'ConversionSettled' ? data.userId : (await this.streams.load(conversionStream(conversionId), conversionDecider)).userId;
    const moves = await walletEvents();
    await this.streams.write(walletStream(userId as string), walletDecider, cause('release', conversionId), () => moves, 'accept');
  }

  private async expireIfLate(event: RecordedEvent, conversionId: string, cause: { commandId: string; actorId: null; causationId: string }): Promise<void> {
    const window = await this.streams.load(windowStream(event.data.windowId as string), windowDecider);
    if (window.status !== 'FINALIZED' || window.allocations.some((allocation) => allocation.conversionId === conversionId)) return;
    await this.streams.write(conversionStream(conversionId), conversionDecider, cause, expireLateRequest, 'accept');
  }
}

function settlementMoves(conversionId: string, burnedBuz: string, unlockedBuz: string): WalletEvent[] {
  const moves: WalletEvent[] = [];
  if (BigInt(burnedBuz) > 0n) moves.push({ type: 'BuzBurned', data: { amountBuz: burnedBuz, conversionId } });
  if (BigInt(unlockedBuz) > 0n) moves.push({ type: 'BuzUnlocked', data: { amountBuz: unlockedBuz, conversionId } });
  return moves;
}
