import { Inject, Injectable } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { derivedId } from '../../platform/ids/ids';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { LeaderNamespace, tryAcquireLeadership } from '../../platform/leadership/leader-lock';
import { KNEX, LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { advanceWindow } from '../domain/window.decide';
import { windowStream } from '../domain/window.events';
import { windowDecider } from '../domain/window.state';

const JOB_NAME = 'conversion-windows';
const EVERY_FIFTEEN_MINUTES = '*/15 * * * *';

/** Moves windows SCHEDULED → OPEN → CLOSED on time; once cluster-wide, every 15 minutes. */
@Injectable()
export class ConversionWindowsService {
  private readonly tracker = new JobTracker(JOB_NAME, EVERY_FIFTEEN_MINUTES);

  constructor(
    private readonly streams: StreamWriter,
    @Inject(KNEX) private readonly knex: Knex,
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
    let result: { advanced: string[] } | null = null;
    await this.tracker.track(this.clock.now(), async () => {
      const lease = await tryAcquireLeadership(this.leadershipUrl, LeaderNamespace.job, JOB_NAME);
      if (!lease) return 'SKIPPED_NOT_LEADER';
      try {
        result = await this.advanceAll();
        return 'SUCCEEDED';
      } finally {
        await lease.release();
      }
    });
    return result;
  }

  health(): JobHealth {
    const job = this.scheduler.doesExist('cron', JOB_NAME) ? this.scheduler.getCronJob(JOB_NAME) : null;
    return this.tracker.snapshot(job?.nextDate()?.toJSDate() ?? null);
  }

  private async advanceAll(): Promise<{ advanced: string[] }> {
    const now = this.clock.now();
    const windowIds: string[] = await this.knex('conversion_windows').whereIn('status', ['SCHEDULED', 'OPEN']).pluck('window_id');
    const advanced: string[] = [];
    for (const windowId of windowIds) {
      const cause = { commandId: derivedId('advance-window', windowId, now.toISOString()), actorId: null };
      const result = await this.streams.write(windowStream(windowId), windowDecider, cause, (state) => advanceWindow(state, now));
      if (result.events.length > 0) advanced.push(windowId);
    }
    return { advanced };
  }
}
