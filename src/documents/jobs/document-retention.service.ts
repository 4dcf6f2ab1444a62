import { Inject, Injectable } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, runsScheduledJobs, type AppConfig } from '../../platform/config/app-config';
import { derivedId } from '../../shared-kernel/ids';
import { JobTracker, type JobHealth } from '../../platform/jobs/job-health';
import { JobRunsRepository, type JobRunRows } from '../../platform/jobs/job-runs.repository';
import { KNEX, LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import { BLOB_STORE, type BlobStore } from '../blobs/blob-store.port';
import { DocumentsStreamWriter, type DocumentDecision } from '../commands/documents-stream.writer';
import { expireShares, purgeDocument } from '../domain/document.decide';
import { LegalHoldError } from '../domain/legal-hold.state';

const JOB_NAME = 'document-retention';
const DAILY_AT_0330 = '30 3 * * *';
/** Documents looked at per run; the next run continues with the rest. */
const BATCH = 5000;

export interface RetentionReport {
  sharesExpired: string[];
  purged: string[];
  /** Actions a legal hold kept from happening: the next run tries again. */
  held: { documentId: string; holdId: string; action: string }[];
}

/**
 * Daily, once cluster-wide: closes shares whose expiry has passed and purges the content of
 * documents past their retention. Candidates come from the directory read model; each decision
 * is made on the document's own stream with the holds from the holds stream, so a hold placed a
 * moment ago is seen. DocumentPurged keeps every version's hash; the bytes go unless another
 * document holds the same content.
 */
@Injectable()
export class DocumentRetentionService {
  private readonly tracker: JobTracker;

  constructor(
    private readonly writer: DocumentsStreamWriter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    jobRuns: JobRunsRepository,
    private readonly logger: PinoLogger,
  ) {
    this.tracker = new JobTracker(JOB_NAME, DAILY_AT_0330, jobRuns);
  }

  @Cron(DAILY_AT_0330, { name: JOB_NAME, timeZone: 'UTC' })
  async scheduledRun(): Promise<void> {
    if (!runsScheduledJobs(this.config)) return;
    await this.runNow().catch((error: unknown) => this.logger.error({ err: error }, 'document retention failed'));
  }

  /** The report, or null when another instance holds the job. */
  async runNow(): Promise<RetentionReport | null> {
    return this.tracker.runAsLeader(this.clock.now(), this.leadershipUrl, async () => {
      const report = await this.runAll();
      return report;
    });
  }

  health(runs: JobRunRows): JobHealth {
    return this.tracker.snapshotOf(runs, this.scheduler);
  }

  private async runAll(): Promise<RetentionReport> {
    const now = this.clock.now().toISOString();
    const report: RetentionReport = { sharesExpired: [], purged: [], held: [] };
    const documentIds = await this.knex<{ document_id: string; status: string; registered_at: Date }>(
      'document_directory',
    )
      .whereNot('status', 'PURGED')
      .orderBy('registered_at')
      .limit(BATCH)
      .pluck('document_id');
    for (const documentId of documentIds) {
      if (await this.decide(documentId, 'share-expiry', now, report, (state, holds) => expireShares(state, holds, now)))
        report.sharesExpired.push(documentId);
      if (
        await this.decide(documentId, 'purge', now, report, (state, holds) =>
          purgeDocument(state, documentId, holds, now),
        )
      ) {
        await this.blobs.release(documentId);
        report.purged.push(documentId);
      }
    }
    return report;
  }

  /** True when the decision wrote events; a hold is reported, not thrown. */
  private async decide(
    documentId: string,
    action: string,
    now: string,
    report: RetentionReport,
    decide: DocumentDecision,
  ): Promise<boolean> {
    try {
      const result = await this.writer.writeDocument(
        documentId,
        { commandId: derivedId(JOB_NAME, action, documentId, now), actorId: null },
        decide,
      );
      return result.events.length > 0;
    } catch (error) {
      if (!(error instanceof LegalHoldError)) throw error;
      report.held.push({ documentId, holdId: String(error.details.holdId), action });
      return false;
    }
  }
}
