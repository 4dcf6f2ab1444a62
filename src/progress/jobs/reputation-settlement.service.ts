import { Inject, Injectable } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { DomainError } from '../../platform/http/domain-error';
import { KNEX, LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { previousUtcDay, unfinishedDayProblem } from './settlement-days';
import { settleAllMembers, type SettlementReport } from './settle-all-members';

const JOB_NAME = 'reputation-settlement';
const DAILY_AT_0200_UTC = '0 2 * * *';

/** Settles every member's reputation for each finished UTC day, once cluster-wide, at 02:00 UTC. */
@Injectable()
export class ReputationSettlementService {
  private readonly tracker = new JobTracker(JOB_NAME, `${DAILY_AT_0200_UTC} (UTC)`);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly logger: PinoLogger,
  ) {}

  @Cron(DAILY_AT_0200_UTC, { name: JOB_NAME, timeZone: 'UTC' })
  async scheduledRun(): Promise<void> {
    if (!this.config.SCHEDULED_JOBS) return;
    await this.runNow().catch((error: unknown) => this.logger.error({ err: error }, 'reputation settlement failed'));
  }

  /** Settles through `throughDay` (default: yesterday, UTC). Null when another instance holds the job. */
  async runNow(throughDay?: string): Promise<SettlementReport | null> {
    const now = this.clock.now();
    const day = throughDay ?? previousUtcDay(now);
    const problem = unfinishedDayProblem(day, now);
    if (problem) throw new DomainError('DAY_NOT_FINISHED', `throughDay ${problem}`, { throughDay: day, latestDay: previousUtcDay(now) });
    return this.tracker.runAsLeader(now, this.leadershipUrl, async () => {
      const report = await settleAllMembers({ store: this.store, knex: this.knex, clock: this.clock }, day);
      this.logger.info({ report }, 'reputation settled');
      return report;
    });
  }

  health(): JobHealth {
    return this.tracker.snapshotOf(this.scheduler);
  }
}
