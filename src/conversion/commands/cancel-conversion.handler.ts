import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { decideConversion } from '../domain/conversion.decide';
import { conversionStream, type ConversionStatus } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';
import { CancelConversion } from './conversion.commands';

/** The member withdraws; the process manager then unlocks the BUZ. */
@CommandHandler(CancelConversion)
export class CancelConversionHandler implements ICommandHandler<CancelConversion> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ conversionId, cause }: CancelConversion) {
    const current = await this.streams.load(conversionStream(conversionId), conversionDecider);
    const window = current.windowId ? await this.streams.load(windowStream(current.windowId), windowDecider) : null;
    const command = {
      type: 'CancelConversion' as const,
      conversionId,
      actorId: cause.actorId as string,
      window,
      now: this.clock.now(),
    };
    const result = await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) =>
      decideConversion(command, state),
    );
    return { conversionId, status: result.state.status as ConversionStatus };
  }
}
