import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, runsScheduledJobs, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { stateCache } from '../../platform/event-store/stream-decider';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { JobRunsRepository, type JobRunRows } from '../../platform/jobs/job-runs.repository';
import { LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { AdvanceWindow } from '../commands/conversion.commands';
import { nextWindowDueAt } from '../domain/window.decide';
import { WINDOW_INDEX_STREAM, windowStream } from '../domain/window.events';
import { windowDecider, windowIndexDecider, type WindowState } from '../domain/window.state';

export const WINDOWS_JOB_NAME = 'conversion-windows';
const TIMER_NAME = 'conversion-windows-due';
const EVERY_FIFTEEN_MINUTES = '*/15 * * * *';
/** After a run that could not move a due window (lock held elsewhere, failure), the next try waits this long instead of spinning. */
const RETRY_AFTER_MS = 5_000;
/** setTimeout's ceiling (about 24.8 days): a window further out is re-armed from there. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Moves windows SCHEDULED → OPEN → CLOSED at their exact opensAt and closesAt: every instance
 * keeps one timer for the next due window, and when it fires the run takes the job's
 * cluster-wide lock, so the leader of the moment moves the window (an instance that finds the
 * lock held just re-arms). The timer is armed at start-up, after every run, and when a window is
 * scheduled here; the 15-minute sweep stays as the safety net (a window scheduled on another
 * instance, a run that failed). Delays come from the injectable clock.
 */
@Injectable()
export class ConversionWindowsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly tracker: JobTracker;
  private armedFor: Date | null = null;
  private stopped = false;

  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    jobRuns: JobRunsRepository,
    private readonly logger: PinoLogger,
  ) {
    this.tracker = new JobTracker(WINDOWS_JOB_NAME, EVERY_FIFTEEN_MINUTES, jobRuns);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.rearm();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.disarm();
  }

  @Cron(EVERY_FIFTEEN_MINUTES, { name: WINDOWS_JOB_NAME })
  async scheduledRun(): Promise<void> {
    if (!runsScheduledJobs(this.config)) return;
    await this.runNow().catch((error: unknown) =>
      this.logger.error({ err: error }, 'advancing conversion windows failed'),
    );
  }

  /** Returns the windows it moved, or null when another instance holds the job. Re-arms the timer either way. */
  async runNow(): Promise<{ advanced: string[] } | null> {
    try {
      return await this.tracker.runAsLeader(this.clock.now(), this.leadershipUrl, () => this.advanceAll());
    } finally {
      await this.rearm({ afterRun: true });
    }
  }

  /**
   * (Re)arms the timer for the next due window, from the log. Scheduled jobs off (tests, one-off
   * commands, an API instance) means no timer: runs come from runNow() only.
   */
  async rearm({ afterRun }: { afterRun: boolean } = { afterRun: false }): Promise<void> {
    if (!runsScheduledJobs(this.config) || this.stopped) return;
    const dueAt = nextWindowDueAt(await this.liveWindows());
    this.disarm();
    // Shared, so every instance's health shows when the worker will move the next window.
    await this.tracker.recordNextRunAt(dueAt);
    if (dueAt === null) return;
    const untilDueMs = dueAt.getTime() - this.clock.now().getTime();
    // Still due right after a run: that run did not get to move it, so don't spin on it.
    const delayMs = untilDueMs <= 0 ? (afterRun ? RETRY_AFTER_MS : 0) : Math.min(untilDueMs, LONGEST_TIMER_MS);
    const timer = setTimeout(() => {
      this.armedFor = null;
      this.scheduler.deleteTimeout(TIMER_NAME);
      void this.runNow().catch((error: unknown) =>
        this.logger.error({ err: error }, 'advancing conversion windows on time failed'),
      );
    }, delayMs);
    this.scheduler.addTimeout(TIMER_NAME, timer);
    this.armedFor = dueAt;
  }

  /** The opensAt or closesAt the timer is armed for; null when no window is waiting (or timers are off). */
  timerDueAt(): Date | null {
    return this.armedFor;
  }

  /** Job health; nextRunAt is the timer the leader armed (shared), when it comes before the next sweep. */
  health(runs: JobRunRows): JobHealth {
    const health = this.tracker.snapshotOf(runs, this.scheduler);
    const sweepAt = health.nextRunAt === null ? null : Date.parse(health.nextRunAt);
    const armedAt = runs.get(WINDOWS_JOB_NAME)?.next_run_at?.getTime() ?? null;
    if (armedAt !== null && (sweepAt === null || armedAt < sweepAt))
      return { ...health, nextRunAt: new Date(armedAt).toISOString() };
    return health;
  }

  private disarm(): void {
    if (this.scheduler.doesExist('timeout', TIMER_NAME)) this.scheduler.deleteTimeout(TIMER_NAME);
    this.armedFor = null;
  }

  /**
   * Windows come from `index-windows` in the log, not from the conversion_windows read model, so
   * a window scheduled a moment ago is not missed. One read for all windows, each reading only
   * the events since this process last saw it.
   */
  private async liveWindows(): Promise<(WindowState & { windowId: string })[]> {
    const index = await stateCache.load(this.store, WINDOW_INDEX_STREAM, windowIndexDecider);
    const windows = await stateCache.loadMany(this.store, index.state.windowIds.map(windowStream), windowDecider);
    return index.state.windowIds
      .map((windowId) => {
        const window = windows.get(windowStream(windowId));
        if (window === undefined) throw new Error(`loadMany returned no state for window ${windowId}`);
        return { ...window.state, windowId };
      })
      .filter((window) => window.status === 'SCHEDULED' || window.status === 'OPEN');
  }

  private async advanceAll(): Promise<{ advanced: string[] }> {
    const now = this.clock.now();
    const advanced: string[] = [];
    for (const { windowId } of await this.liveWindows()) {
      const result = await this.commands.execute(new AdvanceWindow(windowId, now));
      if (result.advanced) advanced.push(windowId);
    }
    return { advanced };
  }
}
