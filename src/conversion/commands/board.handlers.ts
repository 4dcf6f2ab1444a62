import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../platform/ids/ids';
import { KNEX } from '../../platform/platform.tokens';
import { castVote } from '../domain/conversion.decide';
import { conversionStream } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import { finalizeWindow, scheduleWindow } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';
import { CastConversionVote, FinalizeWindow, ScheduleWindow } from './conversion.commands';
import { requestsOfWindow } from './requests-of-window';

@CommandHandler(ScheduleWindow)
export class ScheduleWindowHandler implements ICommandHandler<ScheduleWindow> {
  constructor(private readonly streams: StreamWriter) {}

  async execute({ plan, cause }: ScheduleWindow) {
    const windowId = derivedId(cause.commandId, 'window');
    await this.streams.write(windowStream(windowId), windowDecider, cause, (state) => scheduleWindow(state, { ...plan, windowId, scheduledBy: cause.actorId as string }));
    return { windowId };
  }
}

/** Majority of the board at the time of the vote (from the identity read model), or a fixed number. */
async function quorum(knex: Knex, config: AppConfig): Promise<number> {
  if (config.CONVERSION_QUORUM !== 'majority') return config.CONVERSION_QUORUM;
  const row = await knex('identity_users').whereRaw("'board' = any(roles)").count<{ count: string }[]>({ count: '*' }).first();
  return Math.floor(Number(row?.count ?? 0) / 2) + 1;
}

@CommandHandler(CastConversionVote)
export class CastConversionVoteHandler implements ICommandHandler<CastConversionVote> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ conversionId, vote, note, cause }: CastConversionVote) {
    const needed = await quorum(this.knex, this.config);
    const result = await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) =>
      castVote(state, { conversionId, voterId: cause.actorId as string, vote, note, quorum: needed }),
    );
    return { conversionId, status: result.state.status as string };
  }
}

@CommandHandler(FinalizeWindow)
export class FinalizeWindowHandler implements ICommandHandler<FinalizeWindow> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ windowId, cause }: FinalizeWindow) {
    const requests = await requestsOfWindow(this.knex, this.streams, windowId);
    const result = await this.streams.write(windowStream(windowId), windowDecider, cause, (state) => finalizeWindow(state, { ...requests, finalizedBy: cause.actorId as string }));
    const finalized = result.events.find((event) => event.type === 'WindowFinalized') ?? { data: { allocations: result.state.allocations, totalGrantedBps: '0', oversubscribed: false } };
    return { windowId, ...(finalized.data as { allocations: unknown[]; totalGrantedBps: string; oversubscribed: boolean }) };
  }
}
