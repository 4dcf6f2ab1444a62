import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { RecordedEvent } from '../platform/event-store/event-store.port';
import { StreamWriter } from '../platform/event-store/stream-writer.service';
import type { Reactor } from '../platform/reactors/reactor';
import { ReleaseLockedBuz } from '../wallet/commands/release-locked-buz.command';
import { ExpireLateRequest, SettleAllocation } from './commands/conversion.commands';
import { conversionStream, type ConversionEvent } from './domain/conversion.events';
import { conversionDecider } from './domain/conversion.state';
import type { AllocationRecord } from './domain/window.events';

const UNLOCKING = ['ConversionCancelled', 'ConversionRejected', 'ConversionExpired'];

type SettledData = Extract<ConversionEvent, { type: 'ConversionSettled' }>['data'];

/**
 * The conversion process manager. A finalized window's allocations go to each conversion; a
 * settled conversion has the wallet burn the BUZ that bought whole bp and unlock the rest; a
 * cancelled, rejected or expired one has it unlock everything; a request that reached a finalized
 * window too late expires. It only sends commands: the wallet writes the wallet's streams. Every
 * command's id derives from its cause, so re-delivery writes nothing new.
 */
@Injectable()
export class ConversionReactor implements Reactor {
  readonly name = 'conversion_process';
  readonly canHandle = ['WindowFinalized', 'ConversionRequested', 'ConversionSettled', ...UNLOCKING];

  constructor(
    private readonly commands: CommandBus,
    private readonly streams: StreamWriter,
  ) {}

  async react(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) await this.reactTo(event);
  }

  private async reactTo(event: RecordedEvent): Promise<void> {
    if (event.type === 'WindowFinalized') {
      for (const allocation of event.data.allocations as AllocationRecord[])
        await this.commands.execute(new SettleAllocation(allocation, event.eventId));
      return;
    }
    const conversionId = event.streamId.slice('conversion-'.length);
    if (event.type === 'ConversionRequested') {
      await this.commands.execute(new ExpireLateRequest(conversionId, event.data.windowId as string, event.eventId));
      return;
    }
    await this.commands.execute(await this.release(event, conversionId));
  }

  /** A settlement says what it burned and unlocked; any other end unlocks all the conversion locked. */
  private async release(event: RecordedEvent, conversionId: string): Promise<ReleaseLockedBuz> {
    if (event.type === 'ConversionSettled') {
      const data = event.data as SettledData;
      return new ReleaseLockedBuz(
        data.userId,
        conversionId,
        BigInt(data.burnedBuz),
        BigInt(data.unlockedBuz),
        event.eventId,
      );
    }
    const conversion = await this.streams.load(conversionStream(conversionId), conversionDecider);
    return new ReleaseLockedBuz(conversion.userId as string, conversionId, 0n, conversion.amountBuz, event.eventId);
  }
}
