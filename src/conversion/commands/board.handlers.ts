import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { BoardRoster } from '../../identity/commands/board-roster';
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

/**
 * The board comes from `roster-board` in the log, read fresh for each vote (never from the
 * identity_users read model, which lags the role events): the decider counts the quorum on it
 * and refuses a voter it does not list. The roster is read before the vote is appended; a grant
 * or revocation landing in between is ordered after this vote, and the decision records the
 * roster revision it counted.
 */
@CommandHandler(CastConversionVote)
export class CastConversionVoteHandler implements ICommandHandler<CastConversionVote> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly roster: BoardRoster,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ conversionId, vote, note, cause }: CastConversionVote) {
    const { members, rosterRevision } = await this.roster.current();
    const board = { members, rosterRevision, quorumRule: this.config.CONVERSION_QUORUM };
    const result = await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) => castVote(state, { conversionId, voterId: cause.actorId as string, vote, note, board }));
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
