import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../shared-kernel/domain-error';
import { APP_CONFIG, runsBackgroundWork, type AppConfig } from '../config/app-config';
import { JobRunRequestsRepository } from './job-run-requests.repository';

/**
 * Where a job runs when someone asks for it by hand (#18): in this process when it runs jobs
 * (ROLE=worker or all), on a worker through job_run_requests when it is an API instance. The one
 * rule for every route that runs a job: the jobs page's "Run now" and the board's
 * `POST /conversion-windows/advance` alike.
 */
@Injectable()
export class ManualJobRuns {
  constructor(
    private readonly requests: JobRunRequestsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The job's report. `runHere` is the run in this process; a worker answers with the report its
   * own run of `job` gives (the jobs service's), so both must be the same job.
   */
  async run<Report>(job: string, options: Record<string, unknown>, runHere: () => Promise<Report>): Promise<Report> {
    if (runsBackgroundWork(this.config)) return runHere();
    return (await this.requests.runOnWorker(job, options)) as Report;
  }
}

/** A job's report, or JOB_BUSY when another instance or run held the job (the report is null then). */
export function reportOrBusy<Report>(report: Report | null): Report {
  if (report === null)
    throw new DomainError('JOB_BUSY', 'Another instance or run holds this job right now; try again shortly');
  return report;
}
