import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.port';
import { LeaderNamespace, tryAcquireLeadership } from '../leadership/leader-lock';
import { handledEvents, liveTables, type Projection } from './projection';
import { ProjectionCheckpointsRepository } from './projection-checkpoints.repository';

export interface ProjectionRunnerOptions {
  ownerUrl: string;
  batchSize: number;
  leaderRetryMs: number;
  logger: Logger;
}

/** Thrown inside a batch's transaction when another runner advanced the checkpoint first. */
class CheckpointMovedError extends Error {}

/**
 * Runs one projection while this process holds its leader lock: follow the feed from the
 * stored checkpoint and apply each batch in one transaction with the checkpoint's
 * compare-and-set. Losing the lock, an error or stop() ends the round; it then tries again.
 */
export class ProjectionRunner {
  private stopping = false;
  private wake: () => void = () => undefined;
  private loop: Promise<void> | null = null;
  private readonly checkpoints: ProjectionCheckpointsRepository;
  leader = false;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly knex: Knex,
    private readonly options: ProjectionRunnerOptions,
  ) {
    this.checkpoints = new ProjectionCheckpointsRepository(knex);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.leadOneRound();
      } catch (error) {
        this.options.logger.error({ err: error, projection: this.projection.name }, 'projection round failed; retrying');
      }
      if (!this.stopping) await this.sleep(this.options.leaderRetryMs);
    }
  }

  private async leadOneRound(): Promise<void> {
    const lease = await tryAcquireLeadership(this.options.ownerUrl, LeaderNamespace.projection, this.projection.name);
    if (!lease) return;
    this.leader = true;
    try {
      await this.checkpoints.ensure(this.projection.name);
      let checkpoint = await this.checkpoints.load(this.projection.name);
      const subscription = this.store.subscribeToAll({ fromPosition: checkpoint, batchSize: this.options.batchSize }, async (events) => {
        checkpoint = await this.applyBatch(checkpoint, events);
      });
      const stopped = new Promise<void>((resolve) => (this.wake = resolve));
      await Promise.race([subscription.done, lease.lost, stopped]);
      await subscription.stop();
      await subscription.done;
    } finally {
      this.leader = false;
      await lease.release();
    }
  }

  private async applyBatch(from: GlobalPosition | null, events: RecordedEvent[]): Promise<GlobalPosition> {
    const to = events[events.length - 1].position;
    const handled = handledEvents(this.projection, events);
    await this.knex.transaction(async (transaction) => {
      if (handled.length > 0) await this.projection.apply(transaction, handled, liveTables(this.projection));
      const advanced = await this.checkpoints.advance(transaction, this.projection.name, from, to, handled.length);
      if (!advanced) throw new CheckpointMovedError(`checkpoint of ${this.projection.name} moved; another runner is active`);
    });
    return to;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
