import type { SchedulerRegistry } from '@nestjs/schedule';
import { LeaderNamespace, tryAcquireLeadership } from '../leadership/leader-lock';

/** What /api/health (and later /api/debug/jobs/health) reports about a scheduled job. */
export interface JobHealth {
  name: string;
  schedule: string;
  lastRunAt: string | null;
  lastDurationMs: number | null;
  lastOutcome: 'SUCCEEDED' | 'FAILED' | 'SKIPPED_NOT_LEADER' | null;
  lastError: string | null;
  nextRunAt: string | null;
  running: boolean;
}

/** Tracks one job's runs in this process. */
export class JobTracker {
  private health: JobHealth;

  constructor(name: string, schedule: string) {
    this.health = {
      name,
      schedule,
      lastRunAt: null,
      lastDurationMs: null,
      lastOutcome: null,
      lastError: null,
      nextRunAt: null,
      running: false,
    };
  }

  snapshot(nextRunAt: Date | null): JobHealth {
    return { ...this.health, nextRunAt: nextRunAt?.toISOString() ?? null };
  }

  /** Runs `work` unless a run is already in progress; records its outcome. */
  async track(startedAt: Date, work: () => Promise<'SUCCEEDED' | 'SKIPPED_NOT_LEADER'>): Promise<void> {
    if (this.health.running) return;
    this.health.running = true;
    const started = performance.now();
    try {
      const outcome = await work();
      this.health = { ...this.health, lastOutcome: outcome, lastError: null };
    } catch (error) {
      this.health = {
        ...this.health,
        lastOutcome: 'FAILED',
        lastError: error instanceof Error ? error.message : String(error),
      };
      throw error;
    } finally {
      this.health = {
        ...this.health,
        running: false,
        lastRunAt: startedAt.toISOString(),
        lastDurationMs: Math.round(performance.now() - started),
      };
    }
  }

  /**
   * Runs `work` on one instance cluster-wide (the job's advisory lock), tracked as track() does.
   * Resolves with its report, or null when another instance, or a run here, holds the job.
   */
  async runAsLeader<Report>(
    startedAt: Date,
    leadershipUrl: string,
    work: () => Promise<Report>,
  ): Promise<Report | null> {
    let report: Report | null = null;
    await this.track(startedAt, async () => {
      const lease = await tryAcquireLeadership(leadershipUrl, LeaderNamespace.job, this.health.name);
      if (!lease) return 'SKIPPED_NOT_LEADER';
      try {
        report = await work();
        return 'SUCCEEDED';
      } finally {
        await lease.release();
      }
    });
    return report;
  }

  /** The health of a job whose cron is registered under the tracker's name. */
  snapshotOf(scheduler: SchedulerRegistry): JobHealth {
    const job = scheduler.doesExist('cron', this.health.name) ? scheduler.getCronJob(this.health.name) : null;
    return this.snapshot(job?.nextDate().toJSDate() ?? null);
  }
}
