import type { SchedulerRegistry } from '@nestjs/schedule';
import { LeaderNamespace, tryAcquireLeadership } from '../leadership/leader-lock';
import type { JobOutcome, JobRunRows, JobRunsRepository } from './job-runs.repository';

/** What /api/health and /api/debug/jobs/health report about a scheduled job. */
export interface JobHealth {
  name: string;
  schedule: string;
  lastRunAt: string | null;
  lastDurationMs: number | null;
  lastOutcome: JobOutcome | null;
  lastError: string | null;
  nextRunAt: string | null;
  running: boolean;
}

/**
 * One job's runs. The record is shared (`job_runs`): the instance that wins the job's lock writes
 * it, every instance reads it, so an API instance reports the worker's runs. A run that finds the
 * lock held elsewhere records nothing: the leader's record stands.
 */
export class JobTracker {
  /** Guards against a second run in this process while one is under way (the lock guards the cluster). */
  private runningHere = false;

  constructor(
    readonly name: string,
    readonly schedule: string,
    private readonly runs: JobRunsRepository,
  ) {}

  /**
   * Runs `work` on one instance cluster-wide (the job's advisory lock) and records the run.
   * Resolves with its report, or null when another instance, or a run here, holds the job.
   */
  async runAsLeader<Report>(
    startedAt: Date,
    leadershipUrl: string,
    work: () => Promise<Report>,
  ): Promise<Report | null> {
    if (this.runningHere) return null;
    this.runningHere = true;
    try {
      const lease = await tryAcquireLeadership(leadershipUrl, LeaderNamespace.job, this.name);
      if (!lease) return null;
      try {
        return await this.recorded(startedAt, work);
      } finally {
        await lease.release();
      }
    } finally {
      this.runningHere = false;
    }
  }

  /** The job's health from the shared record; `nextRunAt` from this instance's cron (every instance has the same). */
  snapshot(runs: JobRunRows, nextRunAt: Date | null): JobHealth {
    const row = runs.get(this.name);
    return {
      name: this.name,
      schedule: this.schedule,
      lastRunAt: row?.last_run_at?.toISOString() ?? null,
      lastDurationMs: row?.last_duration_ms ?? null,
      lastOutcome: row?.last_outcome ?? null,
      lastError: row?.last_error ?? null,
      nextRunAt: nextRunAt?.toISOString() ?? null,
      running: row?.running_since != null,
    };
  }

  /** The health of a job whose cron is registered under the tracker's name. */
  snapshotOf(runs: JobRunRows, scheduler: SchedulerRegistry): JobHealth {
    const job = scheduler.doesExist('cron', this.name) ? scheduler.getCronJob(this.name) : null;
    return this.snapshot(runs, job?.nextDate().toJSDate() ?? null);
  }

  /** The leader's own next due time besides the cron (null: none), for every instance to report. */
  async recordNextRunAt(at: Date | null): Promise<void> {
    await this.runs.nextRunAt(this.name, at);
  }

  private async recorded<Report>(startedAt: Date, work: () => Promise<Report>): Promise<Report> {
    await this.runs.started(this.name, startedAt);
    const started = performance.now();
    const finish = (outcome: JobOutcome, error: string | null) =>
      this.runs.finished(this.name, {
        at: startedAt,
        durationMs: Math.round(performance.now() - started),
        outcome,
        error,
      });
    let report: Report;
    try {
      report = await work();
    } catch (error) {
      await finish('FAILED', error instanceof Error ? error.message : String(error));
      throw error;
    }
    await finish('SUCCEEDED', null);
    return report;
  }
}
