import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { DomainError } from '../shared-kernel/domain-error';
import type { JobHealth } from '../platform/jobs/job-health';
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

/** Every scheduled job, for health reporting and manual runs. */
@Injectable()
export class JobsService {
  constructor(
    private readonly integrity: IntegrityCheckService,
    private readonly reputation: ReputationSettlementService,
    private readonly windows: ConversionWindowsService,
    private readonly badges: BadgeEvaluationService,
    private readonly retention: DocumentRetentionService,
  ) {}

  health(): JobHealth[] {
    return [
      this.integrity.health(),
      this.reputation.health(),
      this.windows.health(),
      this.badges.health(),
      this.retention.health(),
    ];
  }

  async run(name: JobName, options: { throughDay?: string }): Promise<z.input<typeof jobRunSchema>> {
    if (name === 'integrity-check') {
      await this.integrity.runNow();
      return { job: name, result: this.integrity.health() };
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
