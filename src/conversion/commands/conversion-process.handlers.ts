import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { decideConversion } from '../domain/conversion.decide';
import { conversionStream } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import { decideWindow } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';
import { AdvanceWindow, ExpireLateRequest, SettleAllocation } from './conversion.commands';

/**
 * The commands the conversion process manager and the windows job send. Each command id derives
 * from what caused it, and a replay trusts the stored events ('accept'), so a second delivery of
 * the same cause writes nothing.
 */
@CommandHandler(SettleAllocation)
export class SettleAllocationHandler implements ICommandHandler<SettleAllocation> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ allocation, causationId }: SettleAllocation) {
    const cause = { commandId: derivedId('allocate', allocation.conversionId), actorId: null, causationId };
    const result = await this.streams.write(
      conversionStream(allocation.conversionId),
      conversionDecider,
      cause,
      (state) => decideConversion({ type: 'ApplyAllocation', allocation }, state),
      'accept',
    );
    return { written: !result.replayed && result.events.length > 0 };
  }
}

@CommandHandler(ExpireLateRequest)
export class ExpireLateRequestHandler implements ICommandHandler<ExpireLateRequest> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ conversionId, windowId, causationId }: ExpireLateRequest) {
    const window = await this.streams.load(windowStream(windowId), windowDecider);
    const cause = { commandId: derivedId('expire-late', conversionId), actorId: null, causationId };
    const result = await this.streams.write(
      conversionStream(conversionId),
      conversionDecider,
      cause,
      (state) => decideConversion({ type: 'ExpireLateRequest', window }, state),
      'accept',
    );
    return { written: !result.replayed && result.events.length > 0 };
  }
}

@CommandHandler(AdvanceWindow)
export class AdvanceWindowHandler implements ICommandHandler<AdvanceWindow> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ windowId, now }: AdvanceWindow) {
    const cause = { commandId: derivedId('advance-window', windowId, now.toISOString()), actorId: null };
    const result = await this.streams.write(windowStream(windowId), windowDecider, cause, (state) =>
      decideWindow({ type: 'AdvanceWindow', now }, state),
    );
    return { advanced: result.events.length > 0 };
  }
}
