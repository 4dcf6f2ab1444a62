import { Injectable } from '@nestjs/common';
import { DomainError } from '../shared-kernel/domain-error';
import type { JobHealth } from '../platform/jobs/job-health';
import { IntegrityCheckService } from '../ledger/verification/integrity-check.service';
import { ReputationSettlementService } from '../progress/jobs/reputation-settlement.service';
import { ConversionWindowsService } from '../conversion/jobs/conversion-windows.service';

export const JOB_NAMES = ['integrity-check', 'reputation-settlement', 'conversion-windows'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Every scheduled job, for health reporting and manual runs. */
@Injectable()
export class JobsService {
  constructor(
    private readonly integrity: IntegrityCheckService,
    private readonly reputation: ReputationSettlementService,
    private readonly windows: ConversionWindowsService,
  ) {}

  health(): JobHealth[] {
    return [this.integrity.health(), this.reputation.health(), this.windows.health()];
  }

  async run(name: JobName, options: { throughDay?: string }): Promise<{ job: JobName; result: unknown }> {
    if (name === 'integrity-check') {
      await this.integrity.runNow();
      return { job: name, result: this.integrity.health() };
    }
    const report = name === 'conversion-windows' ? await this.windows.runNow() : await this.reputation.runNow(options.throughDay);
    if (report === null) throw new DomainError('JOB_BUSY', 'Another instance or run holds this job right now; try again shortly');
    return { job: name, result: report };
  }
}
