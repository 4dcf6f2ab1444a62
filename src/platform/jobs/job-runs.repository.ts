import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { KNEX } from '../platform.tokens';

export type JobOutcome = 'SUCCEEDED' | 'FAILED' | 'SKIPPED_NOT_LEADER';

/** One job's row of `job_runs`: what its leader last recorded. */
export interface JobRunRow {
  job: string;
  last_run_at: Date | null;
  last_duration_ms: number | null;
  last_outcome: JobOutcome | null;
  last_error: string | null;
  running_since: Date | null;
  next_run_at: Date | null;
}

/** Every job's row, by name; a job that never ran anywhere has none. */
export type JobRunRows = ReadonlyMap<string, JobRunRow>;

/**
 * The shared record of job runs (#18): written by the instance that runs a job (its leader),
 * read by every instance, so an API instance's health and jobs page show the worker's runs.
 */
@Injectable()
export class JobRunsRepository {
  constructor(@Inject(KNEX) private readonly knex: Knex) {}

  async readAll(): Promise<JobRunRows> {
    const rows = await this.knex<JobRunRow>('job_runs').select(
      'job',
      'last_run_at',
      'last_duration_ms',
      'last_outcome',
      'last_error',
      'running_since',
      'next_run_at',
    );
    return new Map(rows.map((row) => [row.job, row]));
  }

  async started(job: string, at: Date): Promise<void> {
    await this.upsert(job, { running_since: at });
  }

  async finished(
    job: string,
    run: { at: Date; durationMs: number; outcome: JobOutcome; error: string | null },
  ): Promise<void> {
    await this.upsert(job, {
      last_run_at: run.at,
      last_duration_ms: run.durationMs,
      last_outcome: run.outcome,
      last_error: run.error,
      running_since: null,
    });
  }

  /** A due time the leader keeps besides the cron (the conversion windows' timer); null: none. */
  async nextRunAt(job: string, at: Date | null): Promise<void> {
    await this.upsert(job, { next_run_at: at });
  }

  private async upsert(job: string, values: Partial<Omit<JobRunRow, 'job'>>): Promise<void> {
    await this.knex('job_runs')
      .insert({ job, ...values, updated_at: this.knex.fn.now() })
      .onConflict('job')
      .merge([...Object.keys(values), 'updated_at']);
  }
}
