import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, runsScheduledJobs, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { JobRunsRepository, type JobRunRows } from '../../platform/jobs/job-runs.repository';
import { LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { BADGE_CATALOG_STREAM, badgeCatalogDecider } from '../domain/badge-catalog';
import { evaluateBadges, type EvaluationReport } from './evaluate-badges';

const JOB_NAME = 'badge-evaluation';
const HOURLY = '0 * * * *';
/** The daily maintenance: after the 02:00 reputation settlement. */
const DAILY_AT_0230_UTC = '30 2 * * *';

/** Evaluates every automatic badge for every member, once cluster-wide: hourly, and in the daily maintenance. */
@Injectable()
export class BadgeEvaluationService {
  private readonly tracker: JobTracker;
  private lastReport: EvaluationReport | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly streams: StreamWriter,
    private readonly commands: CommandBus,
    private readonly scheduler: SchedulerRegistry,
    jobRuns: JobRunsRepository,
    private readonly logger: PinoLogger,
  ) {
    this.tracker = new JobTracker(JOB_NAME, `${HOURLY} and ${DAILY_AT_0230_UTC} (UTC)`, jobRuns);
  }

  @Cron(HOURLY, { name: JOB_NAME, timeZone: 'UTC' })
  async hourly(): Promise<void> {
    await this.scheduled();
  }

  @Cron(DAILY_AT_0230_UTC, { name: `${JOB_NAME}-daily`, timeZone: 'UTC' })
  async daily(): Promise<void> {
    await this.scheduled();
  }

  private async scheduled(): Promise<void> {
    if (!runsScheduledJobs(this.config)) return;
    await this.runNow().catch((error: unknown) => this.logger.error({ err: error }, 'badge evaluation failed'));
  }

  /** Null when another instance (or a run here) holds the job. */
  async runNow(): Promise<EvaluationReport | null> {
    const now = this.clock.now();
    return this.tracker.runAsLeader(now, this.leadershipUrl, async () => {
      const catalog = await this.streams.load(BADGE_CATALOG_STREAM, badgeCatalogDecider);
      const report = await evaluateBadges({ store: this.store, commands: this.commands }, catalog, now);
      this.lastReport = report;
      this.logger.info({ report: { ...report, awards: report.awards.length } }, 'badges evaluated');
      return report;
    });
  }

  health(runs: JobRunRows): JobHealth {
    return this.tracker.snapshotOf(runs, this.scheduler);
  }

  /** The last evaluation this instance ran. */
  lastEvaluation(): EvaluationReport | null {
    return this.lastReport;
  }
}
