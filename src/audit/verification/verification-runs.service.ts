import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import type { Database } from '../../platform/database/database';
import { newId } from '../../shared-kernel/ids';
import { retry } from '../../platform/retry/retry';
import { DATABASE, KNEX } from '../../platform/platform.tokens';
import { VerificationNotFoundError } from '../audit.errors';
import type { SignedCheckpoint } from '../checkpoints/checkpoint';
import type { SigningKey } from '../checkpoints/signing-key';
import { CHECKPOINT_SIGNING_KEY } from '../checkpoints/signing-key.provider';
import { AuditVerificationsRepository, type VerificationRun } from './audit-verifications.repository';
import { verifyLedgerLog } from './online-verifier';

const OUTCOME_WRITE_ATTEMPTS = 5;
const OUTCOME_RETRY_BASE_MS = 200;

/**
 * Full verifications started over HTTP: they run in the background and record their progress
 * after every page, so the portal can poll any instance for a progress bar. One runs at a time
 * per instance; asking again while it runs returns that run.
 */
@Injectable()
export class VerificationRunsService implements BeforeApplicationShutdown {
  private readonly runs: AuditVerificationsRepository;
  private inFlight: { id: string; recorded: Promise<void>; done: Promise<void> } | null = null;
  private stopping = false;

  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(KNEX) knex: Knex,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: SigningKey,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly logger: PinoLogger,
  ) {
    this.runs = new AuditVerificationsRepository(knex);
  }

  async start(trustedCheckpoint?: SignedCheckpoint): Promise<VerificationRun> {
    if (!this.inFlight) {
      // Claimed before the first await, so two requests at once share one run.
      const id = newId();
      const recorded = this.runs.start(id, this.clock.now());
      const done = recorded
        .then(
          () => this.run(id, trustedCheckpoint),
          () => undefined,
        )
        .finally(() => (this.inFlight = null));
      this.inFlight = { id, recorded, done };
    }
    const { id, recorded } = this.inFlight;
    await recorded;
    return this.get(id);
  }

  async get(id: string): Promise<VerificationRun> {
    const run = await this.runs.find(id);
    if (!run) throw new VerificationNotFoundError(id);
    return run;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.inFlight?.done;
  }

  private async run(id: string, trustedCheckpoint: SignedCheckpoint | undefined): Promise<void> {
    // Progress writes are chained, never awaited by the verifier: it must not wait on them, and
    // a late one must not land after the final result.
    let writes = Promise.resolve();
    const record = (counts: { eventsChecked?: number; eventsTotal?: number }) => {
      writes = writes.then(() => this.runs.progress(id, counts)).catch(() => undefined);
    };
    try {
      const report = await verifyLedgerLog(this.database.pool, this.key, {
        trustedCheckpoint,
        onStart: (eventsTotal) => record({ eventsTotal }),
        onProgress: (eventsChecked) => {
          // Throwing here is how a shutdown stops a long verification between two pages.
          if (this.stopping) throw new Error('stopped: the server is shutting down');
          record({ eventsChecked });
        },
      });
      await writes;
      await this.recordOutcome(() => this.runs.finish(id, this.clock.now(), report));
      if (report.firstBreak) this.logger.error({ report }, `full verification BROKEN: ${report.firstBreak.detail}`);
    } catch (error) {
      await writes;
      this.logger.error({ err: error }, 'full verification could not run');
      await this.recordOutcome(() =>
        this.runs.fail(id, this.clock.now(), error instanceof Error ? error.message : String(error)),
      ).catch((failed: unknown) => {
        this.logger.error(
          { err: failed, verificationId: id },
          'could not record that the verification failed; it stays RUNNING',
        );
      });
    }
  }

  /**
   * The final status write, tried a few times: when the database dropped its connections (the
   * usual reason a verification fails), the first write can meet a dead pooled connection, and
   * a run left RUNNING would have the portal poll it forever. A dead connection leaves the pool
   * on its error, so the next try gets a fresh one.
   */
  private recordOutcome(write: () => Promise<void>): Promise<void> {
    return retry(write, { attempts: OUTCOME_WRITE_ATTEMPTS, retryIf: () => true, baseDelayMs: OUTCOME_RETRY_BASE_MS });
  }
}
