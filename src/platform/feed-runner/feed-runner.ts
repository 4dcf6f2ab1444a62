import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.port';
import { LeaderNamespace, tryAcquireLeadership, type LeaderLease } from '../leadership/leader-lock';
import { handledEvents } from '../projections/projection';
import {
  ProjectionCheckpointsRepository,
  type RunnerCheckpoint,
} from '../projections/projection-checkpoints.repository';
import { ProjectionApplyError, isConnectionError, retryDelayMs } from '../projections/projection-failure';
import type { FairShare } from './fair-share';
import { CheckpointCursor } from './checkpoint-cursor';
import type { FeedFollower } from './feed-follower';

export interface FeedRunnerOptions {
  leadershipUrl: string;
  batchSize: number;
  leaderRetryMs: number;
  /** Retries of an event the follower cannot take before it is marked FAILED. */
  maxRetries: number;
  /** Pause after the first failure; it doubles with each further one. */
  retryBaseMs: number;
  logger: Logger;
  /** This process's share of the runners, when several processes run them; without it, a runner tries whenever it does not lead. */
  share?: FairShare;
}

/** Thrown inside a batch's transaction when another runner advanced the checkpoint first. */
class CheckpointMovedError extends Error {}

/** The follower's own `take` threw, and not because the connection failed under it. */
class ApplyThrew extends Error {
  constructor(cause: unknown) {
    super('apply threw', { cause });
  }
}

async function takeOrThrow(
  follower: FeedFollower,
  handled: readonly RecordedEvent[],
  transaction: Knex.Transaction | null,
): Promise<void> {
  try {
    await follower.take(handled, transaction);
  } catch (cause) {
    throw isConnectionError(cause) ? cause : new ApplyThrew(cause);
  }
}

/**
 * Runs one projection or reactor while this process holds its leader lock: follow the feed from
 * the stored checkpoint and take each batch, then move the checkpoint by compare-and-set (a
 * projection's rows in that same transaction). Losing the lock, an error, handOver() or stop()
 * ends the round; it then tries again (with a FairShare, only while its process is below its share). An event the follower cannot take is tried again with a growing
 * pause and, after `maxRetries` retries, the follower is marked FAILED at that event: it is never
 * skipped, and no instance runs it again until `projections retry` (or `reactors retry`) clears
 * the mark.
 */
export class FeedRunner {
  private stopping = false;
  /** handOver() came: the current round ends, the runner goes on. */
  private handingOver = false;
  private wake: () => void = () => undefined;
  private loop: Promise<void> | null = null;
  private readonly checkpoints: ProjectionCheckpointsRepository;
  leader = false;

  constructor(
    readonly follower: FeedFollower,
    private readonly store: EventStore,
    private readonly knex: Knex,
    private readonly options: FeedRunnerOptions,
  ) {
    this.checkpoints = new ProjectionCheckpointsRepository(knex);
  }

  get name(): string {
    return this.follower.name;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  /**
   * Ends the round this runner leads and lets its lease go, so a process below its share takes
   * it (the batch in hand is finished first). Its place is given back at once, so the process
   * asks no other runner to go for the same excess.
   */
  handOver(): void {
    if (!this.leader) return;
    this.options.share?.giveBack(this.name);
    this.handingOver = true;
    this.wake();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let pauseMs = this.options.leaderRetryMs;
      try {
        pauseMs = await this.leadOneRound();
      } catch (error) {
        this.options.logger.error(
          { err: error, [this.follower.kind]: this.name },
          `${this.follower.kind} round failed; retrying`,
        );
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() sets it while the round awaits
      if (!this.stopping) await this.sleep(pauseMs);
    }
  }

  /** Returns how long to wait before the next round. */
  private async leadOneRound(): Promise<number> {
    const lease = await this.takeLease();
    if (!lease) return this.options.leaderRetryMs;
    this.leader = true;
    try {
      await this.checkpoints.ensure(this.name, this.follower.kind);
      const checkpoint = await this.checkpoints.loadForRunner(this.name);
      const waitMs = this.waitBeforeRound(checkpoint);
      if (waitMs > 0) return waitMs;
      try {
        await this.follow(checkpoint.position, lease.lost);
      } catch (error) {
        if (error instanceof ProjectionApplyError) return await this.recordFailure(error);
        throw error;
      }
      return this.options.leaderRetryMs;
    } finally {
      this.leader = false;
      this.handingOver = false;
      this.options.share?.giveBack(this.name);
      await lease.release();
    }
  }

  /** The leader lock, if this process is below its share (it takes a place first) and no one else holds it. */
  private async takeLease(): Promise<LeaderLease | null> {
    const { share } = this.options;
    if (share && !(await share.reserve(this.name))) return null;
    let lease: LeaderLease | null = null;
    try {
      lease = await tryAcquireLeadership(this.options.leadershipUrl, LeaderNamespace.projection, this.name);
      return lease;
    } finally {
      if (!lease) share?.giveBack(this.name);
    }
  }

  /**
   * FAILED is read from the row, not remembered, so every instance honours it and notices
   * `projections retry` within one leaderRetryMs. A backoff is measured from the failure's
   * time, so a new leader waits out the rest of it too.
   */
  private waitBeforeRound(checkpoint: RunnerCheckpoint): number {
    if (checkpoint.status === 'FAILED') return this.options.leaderRetryMs;
    if (checkpoint.attempts === 0 || checkpoint.sinceFailureMs === null) return 0;
    return Math.max(0, retryDelayMs(checkpoint.attempts, this.options.retryBaseMs) - checkpoint.sinceFailureMs);
  }

  private async follow(checkpoint: GlobalPosition | null, leaseLost: Promise<void>): Promise<void> {
    const cursor = new CheckpointCursor(checkpoint, (from, to, events) => this.applyBatch(from, to, events));
    const subscription = this.store.subscribeToAll(
      { fromPosition: cursor.stored, batchSize: this.options.batchSize },
      (events) => cursor.batch(handledEvents(this.follower, events), events[events.length - 1].position),
    );
    try {
      await Promise.race([subscription.done, leaseLost, this.untilRoundEnds(), cursor.failed]);
    } finally {
      cursor.close();
      await subscription.stop();
    }
    await subscription.done;
  }

  private async recordFailure(error: ProjectionApplyError): Promise<number> {
    const { failure } = error;
    const { kind } = this.follower;
    const recorded = await this.checkpoints.recordFailure(this.name, error.from, failure, this.options.maxRetries);
    // The row moved on (another runner got past the event) or is FAILED already: nothing to count.
    if (!recorded) return this.options.leaderRetryMs;
    const context = { [kind]: this.name, ...failure, attempts: recorded.attempts };
    if (recorded.status === 'FAILED') {
      this.options.logger.error(
        context,
        `${kind} FAILED: it stays stopped at this event until \`npm run cli -- ${kind}s retry\` after a fix`,
      );
      return this.options.leaderRetryMs;
    }
    const delayMs = retryDelayMs(recorded.attempts, this.options.retryBaseMs);
    this.options.logger.warn({ ...context, retryInMs: delayMs }, `${kind} could not take an event; retrying`);
    return delayMs;
  }

  /**
   * When a batch fails its events are applied one per transaction, so the event that fails is
   * known (and the ones before it are kept); the round then ends at that event.
   */
  private async applyBatch(
    from: GlobalPosition | null,
    to: GlobalPosition,
    handled: readonly RecordedEvent[],
  ): Promise<void> {
    try {
      await this.applyInTransaction(from, to, handled);
      return;
    } catch (error) {
      if (!(error instanceof ApplyThrew)) throw error;
      if (handled.length === 1) throw new ProjectionApplyError(from, handled[0], error.cause);
    }
    let position = from;
    for (const event of handled) {
      try {
        await this.applyInTransaction(position, event.position, [event]);
      } catch (error) {
        throw error instanceof ApplyThrew ? new ProjectionApplyError(position, event, error.cause) : error;
      }
      position = event.position;
    }
    await this.applyInTransaction(position, to, []);
  }

  /** A reactor's commands run before the checkpoint's transaction; a projection's rows inside it. */
  private async applyInTransaction(
    from: GlobalPosition | null,
    to: GlobalPosition,
    handled: readonly RecordedEvent[],
  ): Promise<void> {
    const inTransaction = this.follower.kind === 'projection';
    if (!inTransaction && handled.length > 0) await takeOrThrow(this.follower, handled, null);
    await this.knex.transaction(async (transaction) => {
      if (inTransaction && handled.length > 0) await takeOrThrow(this.follower, handled, transaction);
      const advanced = await this.checkpoints.advance(transaction, this.name, from, to, handled.length);
      if (!advanced) throw new CheckpointMovedError(`checkpoint of ${this.name} moved; another runner is active`);
    });
  }

  private async sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.untilStopped(), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /**
   * Resolves on stop(), or at once if stop() already came. stop() only wakes the wait armed when it
   * is called; one that came while nothing was armed (taking a lease over, loading the checkpoint)
   * would otherwise be missed by the next wait, and a round at the tail never ends by itself: the
   * app's shutdown hung for good. A fresh promise per wait, not one for the runner's lifetime, so
   * waits don't pile reactions onto a promise that stays pending while the process runs.
   */
  private untilStopped(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      if (this.stopping) resolve();
    });
  }

  /** As untilStopped, and also on handOver() (which, like stop(), may come before the wait is armed). */
  private untilRoundEnds(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      if (this.stopping || this.handingOver) resolve();
    });
  }
}
