import { Inject, Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from '../shared-kernel/domain-error';
import { APP_CONFIG, runsBackgroundWork, type AppConfig } from '../platform/config/app-config';
import type { JobHealth } from '../platform/jobs/job-health';
import { JobRunRequestsRepository } from '../platform/jobs/job-run-requests.repository';
import { JobRunsRepository } from '../platform/jobs/job-runs.repository';
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
    private readonly requests: JobRunRequestsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  async run(name: JobName, options: { throughDay?: string }): Promise<z.input<typeof jobRunSchema>> {
    if (!runsBackgroundWork(this.config))
      return (await this.requests.runOnWorker(name, options)) as z.input<typeof jobRunSchema>;
    return this.runHere(name, options);
  }

  /** Runs the job in this process (it still takes the job's cluster-wide lock). */
  async runHere(name: JobName, options: { throughDay?: string }): Promise<z.input<typeof jobRunSchema>> {
    if (name === 'integrity-check') {
      await this.integrity.runNow();
      return { job: name, result: this.integrity.health(await this.jobRuns.readAll()) };
    }
    if (name === 'conversion-windows') return { job: name, result: finished(await this.windows.runNow()) };
    if (name === 'badge-evaluation') return { job: name, result: finished(await this.badges.runNow()) };
    if (name === 'document-retention') return { job: name, result: finished(await this.retention.runNow()) };
    return { job: name, result: finished(await this.reputation.runNow(options.throughDay)) };
  }
}

/** A job's report, or JOB_BUSY when another instance or run held the job (the report is null then). */
function finished<Report>(report: Report | null): Report {
  if (report === null)
    throw new DomainError('JOB_BUSY', 'Another instance or run holds this job right now; try again shortly');
  return report;
}
