import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import type { JobHealth } from '../platform/jobs/job-health';
import { JobRunsRepository } from '../platform/jobs/job-runs.repository';
import { ManualJobRuns, reportOrBusy } from '../platform/jobs/manual-job-runs';
import { IntegrityCheckService } from '../ledger/verification/integrity-check.service';
import { ReputationSettlementService } from '../progress/jobs/reputation-settlement.service';
import { ConversionWindowsService } from '../conversion/jobs/conversion-windows.service';
import { BadgeEvaluationService } from '../badges/jobs/badge-evaluation.service';
import { DocumentRetentionService } from '../documents/jobs/document-retention.service';
import type { jobRunSchema } from './jobs.responses';

export const JOB_NAMES = [
  'integrity-check',
  'reputation-settlement',
  'conversion-windows',
  'badge-evaluation',
  'document-retention',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

type JobRun = z.input<typeof jobRunSchema>;

/**
 * Every scheduled job, for health reporting and manual runs. Health comes from the shared record
 * (job_runs), so every instance reports the same runs. A manual run happens where jobs run: here
 * on a worker (or ROLE=all), handed to a worker through job_run_requests on an API instance.
 */
@Injectable()
export class JobsService {
  constructor(
    private readonly integrity: IntegrityCheckService,
    private readonly reputation: ReputationSettlementService,
    private readonly windows: ConversionWindowsService,
    private readonly badges: BadgeEvaluationService,
    private readonly retention: DocumentRetentionService,
    private readonly jobRuns: JobRunsRepository,
    private readonly manualRuns: ManualJobRuns,
  ) {}

  async health(): Promise<JobHealth[]> {
    const runs = await this.jobRuns.readAll();
    return [
      this.integrity.health(runs),
      this.reputation.health(runs),
      this.windows.health(runs),
      this.badges.health(runs),
      this.retention.health(runs),
    ];
  }

  async run(name: JobName, options: { throughDay?: string }): Promise<JobRun> {
    const result = await this.manualRuns.run(name, options, () => this.reportHere(name, options));
    // The local run's report and the worker's are both reportHere(name)'s: the one `result` for this job.
    return { job: name, result } as JobRun;
  }

  /** Runs the job in this process (it still takes the job's cluster-wide lock) and answers with its report. */
  async reportHere(name: JobName, options: { throughDay?: string }): Promise<JobRun['result']> {
    return (await this.runHere(name, options)).result;
  }

  private async runHere(name: JobName, options: { throughDay?: string }): Promise<JobRun> {
    if (name === 'integrity-check') {
      await this.integrity.runNow();
      return { job: name, result: this.integrity.health(await this.jobRuns.readAll()) };
    }
    if (name === 'conversion-windows') return { job: name, result: reportOrBusy(await this.windows.runNow()) };
    if (name === 'badge-evaluation') return { job: name, result: reportOrBusy(await this.badges.runNow()) };
    if (name === 'document-retention') return { job: name, result: reportOrBusy(await this.retention.runNow()) };
    return { job: name, result: reportOrBusy(await this.reputation.runNow(options.throughDay)) };
  }
}
