import { Inject, Injectable } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { stateCache } from '../../platform/event-store/stream-decider';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../platform/ids/ids';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { decideWindow } from '../domain/window.decide';
import { WINDOW_INDEX_STREAM, windowStream } from '../domain/window.events';
import { windowDecider, windowIndexDecider } from '../domain/window.state';

const JOB_NAME = 'conversion-windows';
const EVERY_FIFTEEN_MINUTES = '*/15 * * * *';

/** Moves windows SCHEDULED → OPEN → CLOSED on time; once cluster-wide, every 15 minutes. */
@Injectable()
export class ConversionWindowsService {
  private readonly tracker = new JobTracker(JOB_NAME, EVERY_FIFTEEN_MINUTES);

  constructor(
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: PinoLogger,
  ) {}

  @Cron(EVERY_FIFTEEN_MINUTES, { name: JOB_NAME })
  async scheduledRun(): Promise<void> {
    if (!this.config.SCHEDULED_JOBS) return;
    await this.runNow().catch((error: unknown) => this.logger.error({ err: error }, 'advancing conversion windows failed'));
  }

  /** Returns the windows it moved, or null when another instance holds the job. */
  async runNow(): Promise<{ advanced: string[] } | null> {
    return this.tracker.runAsLeader(this.clock.now(), this.leadershipUrl, async () => {
      const result = await this.advanceAll();
      return result;
    });
  }

  health(): JobHealth {
    return this.tracker.snapshotOf(this.scheduler);
  }

  /**
   * Windows come from `index-windows` in the log, not from the conversion_windows read model, so
   * a window scheduled a moment ago is not missed. One read for all windows, each reading only
   * the events since this process last saw it; finalized ones are then skipped.
   */
  private async advanceAll(): Promise<{ advanced: string[] }> {
    const now = this.clock.now();
    const index = await stateCache.load(this.store, WINDOW_INDEX_STREAM, windowIndexDecider);
    const windows = await stateCache.loadMany(this.store, index.state.windowIds.map(windowStream), windowDecider);
    const live = index.state.windowIds.filter((windowId) => {
      const status = windows.get(windowStream(windowId))?.state.status;
      if (status === undefined) throw new Error(`loadMany returned no state for window ${windowId}`);
      return status === 'SCHEDULED' || status === 'OPEN';
    });
    const advanced: string[] = [];
    for (const windowId of live) {
      const cause = { commandId: derivedId('advance-window', windowId, now.toISOString()), actorId: null };
      const result = await this.streams.write(windowStream(windowId), windowDecider, cause, (state) => decideWindow({ type: 'AdvanceWindow', now }, state));
      if (result.events.length > 0) advanced.push(windowId);
    }
    return { advanced };
  }
}
