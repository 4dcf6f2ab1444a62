import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, runsBackgroundWork, runsScheduledJobs, type AppConfig } from '../../platform/config/app-config';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import type { Database } from '../../platform/database/database';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { JobRunsRepository, type JobRunRows } from '../../platform/jobs/job-runs.repository';
import { DATABASE, KNEX, LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { IntegrityChecksRepository } from './integrity-checks.repository';
import { verifyChains } from './ledger-verifier';

const JOB_NAME = 'integrity-check';
const EVERY_FIVE_MINUTES = '*/5 * * * *';

/**
 * Verifies every chain every five minutes, on one instance cluster-wide, and records the
 * result for the status page and /api/health.
 */
@Injectable()
export class IntegrityCheckService implements OnApplicationBootstrap {
  private readonly tracker: JobTracker;
  private readonly checks: IntegrityChecksRepository;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(KNEX) knex: Knex,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    jobRuns: JobRunsRepository,
    private readonly logger: PinoLogger,
  ) {
    this.tracker = new JobTracker(JOB_NAME, EVERY_FIVE_MINUTES, jobRuns);
    this.checks = new IntegrityChecksRepository(knex);
  }

  onApplicationBootstrap(): void {
    if (this.config.INTEGRITY_CHECK_ON_START && runsBackgroundWork(this.config))
      void this.runNow().catch(() => undefined);
  }

  @Cron(EVERY_FIVE_MINUTES, { name: JOB_NAME })
  async scheduledRun(): Promise<void> {
    if (!runsScheduledJobs(this.config)) return;
    await this.runNow().catch(() => undefined);
  }

  /** Runs a check now (if this instance wins the job's lock); failures are logged and recorded. */
  async runNow(): Promise<void> {
    await this.tracker.runAsLeader(this.clock.now(), this.leadershipUrl, () => this.verifyAndRecord());
  }

  health(runs: JobRunRows): JobHealth {
    return this.tracker.snapshotOf(runs, this.scheduler);
  }

  private async verifyAndRecord(): Promise<void> {
    const id = await this.checks.start(this.clock.now());
    try {
      const report = await verifyChains(this.database.pool);
      await this.checks.finish(id, this.clock.now(), report);
      const log =
        report.status === 'VERIFIED' ? this.logger.info.bind(this.logger) : this.logger.error.bind(this.logger);
      log({ report }, `chain verification ${report.status}: ${report.eventsChecked} events in ${report.durationMs} ms`);
    } catch (error) {
      await this.checks.fail(id, this.clock.now(), error instanceof Error ? error.message : String(error));
      this.logger.error({ err: error }, 'chain verification could not run');
      throw error;
    }
  }
}
