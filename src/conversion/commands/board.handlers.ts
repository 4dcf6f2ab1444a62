import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../shared-kernel/ids';
import { decideConversion } from '../domain/conversion.decide';
import { conversionStream, type ConversionStatus } from '../domain/conversion.events';
import { conversionDecider } from '../domain/conversion.state';
import { decideWindow, decideWindowIndex, type WindowCommand } from '../domain/window.decide';
import { WINDOW_INDEX_STREAM, windowStream, type AllocationRecord } from '../domain/window.events';
import { initialWindowState, windowDecider, windowIndexDecider } from '../domain/window.state';
import { ConversionWindowsService } from '../jobs/conversion-windows.service';
import { CastConversionVote, FinalizeWindow, ScheduleWindow } from './conversion.commands';
import { settlementFacts } from './settlement-facts';
import { decideEquityPool, equityPoolDecider, poolShareOf } from '../domain/equity-pool.decide';
import { equityPoolStream } from '../domain/equity-pool.events';
import { BoardRoster } from '../../identity/identity.contract';

/**
 * The window goes on `index-windows` first, then gets its own stream: the scheduling job finds
 * windows in the index, never in a read model. Both ids derive from the command, so a retry
 * after a failure between the two writes completes it; a listed window without a stream is
 * skipped by the job. The plan is checked before anything is written.
 */
@CommandHandler(ScheduleWindow)
export class ScheduleWindowHandler implements ICommandHandler<ScheduleWindow> {
  constructor(
    private readonly streams: StreamWriter,
    private readonly windowsJob: ConversionWindowsService,
  ) {}

  async execute({ plan, cause }: ScheduleWindow) {
    const windowId = derivedId(cause.commandId, 'window');
    const schedule: WindowCommand = {
      type: 'ScheduleWindow',
      plan: { ...plan, windowId, scheduledBy: cause.actorId as string },
    };
    decideWindow(schedule, initialWindowState);
    const list = { type: 'ListWindow' as const, windowId };
    await this.streams.write(
      WINDOW_INDEX_STREAM,
      windowIndexDecider,
      { ...cause, commandId: derivedId(cause.commandId, 'list-window') },
      (index) => decideWindowIndex(list, index),
    );
    await this.streams.write(windowStream(windowId), windowDecider, cause, (state) => decideWindow(schedule, state));
    // The new window may be due before the timer armed now: it opens on time, not at the next sweep.
    await this.windowsJob.rearm();
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
    const command = {
      type: 'CastConversionVote' as const,
      conversionId,
      voterId: cause.actorId as string,
      vote,
      note,
      board,
    };
    const result = await this.streams.write(conversionStream(conversionId), conversionDecider, cause, (state) =>
      decideConversion(command, state),
    );
    return { conversionId, status: result.state.status as ConversionStatus };
  }
}

/**
 * The requests to settle come from the window's own stream, read before the append: a CLOSED
 * window takes no more filings, so the list read is the list finalized. The window first draws on
 * its venture's pool (`equityPool-<ventureId>`, one stream per venture: its exact-revision append
 * serialises the venture's windows, so two finalized at once can't both grant what is left), then
 * records its allocations within that draw. Both writes are idempotent by the command id, and a
 * retry after the first finds the draw and settles within it. Both decisions read facts outside
 * their stream, so a replayed command answers what was stored.
 */
@CommandHandler(FinalizeWindow)
export class FinalizeWindowHandler implements ICommandHandler<FinalizeWindow> {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ windowId, cause }: FinalizeWindow) {
    const facts = await settlementFacts(this.streams, this.store, windowId);
    const finalize = {
      type: 'FinalizeWindow' as const,
      windowId,
      ...facts.requests,
      finalizedBy: cause.actorId as string,
    };
    const drawn = await this.streams.write(
      equityPoolStream(facts.ventureId),
      equityPoolDecider,
      cause,
      (pool) =>
        decideEquityPool(
          { type: 'DrawForWindow', founderPoolBps: facts.founderPoolBps, finalize, window: facts.window },
          pool,
        ),
      'accept',
    );
    const pool = poolShareOf(drawn.state, windowId, facts.founderPoolBps);
    const result = await this.streams.write(
      windowStream(windowId),
      windowDecider,
      cause,
      (state) => decideWindow({ ...finalize, pool }, state),
      'accept',
    );
    const finalized = result.events.find((event) => event.type === 'WindowFinalized') ?? {
      data: { allocations: result.state.allocations, totalGrantedBps: '0', oversubscribed: false },
    };
    // Only what the route declares: the event's own finalizedBy is the caller, who knows it.
    const { allocations, totalGrantedBps, oversubscribed } = finalized.data as {
      allocations: AllocationRecord[];
      totalGrantedBps: string;
      oversubscribed: boolean;
    };
    return { windowId, allocations, totalGrantedBps, oversubscribed };
  }
}
