import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, runsScheduledJobs, type AppConfig } from '../../platform/config/app-config';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { JobRunsRepository, type JobRunRows } from '../../platform/jobs/job-runs.repository';
import { DomainError } from '../../shared-kernel/domain-error';
import { LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { SettleReputation } from '../commands/settle-reputation.command';
import { previousUtcDay, unfinishedDayProblem } from './settlement-days';
import type { SettlementReport } from './settle-all-members';

const JOB_NAME = 'reputation-settlement';
const DAILY_AT_0200_UTC = '0 2 * * *';

/** Settles every member's reputation for each finished UTC day, once cluster-wide, at 02:00 UTC. */
@Injectable()
export class ReputationSettlementService {
  private readonly tracker: JobTracker;

  constructor(
    private readonly commands: CommandBus,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    jobRuns: JobRunsRepository,
    private readonly logger: PinoLogger,
  ) {
    this.tracker = new JobTracker(JOB_NAME, `${DAILY_AT_0200_UTC} (UTC)`, jobRuns);
  }

  @Cron(DAILY_AT_0200_UTC, { name: JOB_NAME, timeZone: 'UTC' })
  async scheduledRun(): Promise<void> {
    if (!runsScheduledJobs(this.config)) return;
    await this.runNow().catch((error: unknown) => this.logger.error({ err: error }, 'reputation settlement failed'));
  }

  /** Settles through `throughDay` (default: yesterday, UTC). Null when another instance holds the job. */
  async runNow(throughDay?: string): Promise<SettlementReport | null> {
    const now = this.clock.now();
    const day = throughDay ?? previousUtcDay(now);
    const problem = unfinishedDayProblem(day, now);
    if (problem)
      throw new DomainError('DAY_NOT_FINISHED', `throughDay ${problem}`, {
        throughDay: day,
        latestDay: previousUtcDay(now),
      });
    return this.tracker.runAsLeader(now, this.leadershipUrl, async () => {
      const report = await this.commands.execute(new SettleReputation(day));
      this.logger.info({ report }, 'reputation settled');
      return report;
    });
  }

  health(runs: JobRunRows): JobHealth {
    return this.tracker.snapshotOf(runs, this.scheduler);
  }
}
