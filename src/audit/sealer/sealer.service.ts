import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, runsBackgroundWork, type AppConfig } from '../../platform/config/app-config';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { LeaderNamespace, tryAcquireLeadership, type LeaderLease } from '../../platform/leadership/leader-lock';
import { KNEX, LEADERSHIP_DATABASE_URL } from '../../platform/platform.tokens';
import type { SigningKey } from '../checkpoints/signing-key';
import { CHECKPOINT_SIGNING_KEY } from '../checkpoints/signing-key.provider';
import { CheckpointSealer } from './checkpoint-sealer';
import { MerkleLeavesRepository } from './merkle-leaves.repository';

/** How often the leader looks for new leaves; cheap (one indexed query) and bounds checkpoint latency. */
const POLL_MS = 200;

/**
 * Runs the CheckpointSealer on one instance cluster-wide (advisory lock in the sealer namespace).
 * A round ends when the lock's connection is lost, on an error, or on shutdown; a new round
 * restores the tree from merkle_leaves and the last checkpoint before it signs anything.
 */
@Injectable()
export class SealerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private interrupt: () => void = () => undefined;
  leader = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(CHECKPOINT_SIGNING_KEY) private readonly key: SigningKey,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  /** Not on an API instance (ROLE=api): a worker seals. */
  onApplicationBootstrap(): void {
    if (runsBackgroundWork(this.config)) this.loop ??= this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.interrupt();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const lease = await tryAcquireLeadership(this.leadershipUrl, LeaderNamespace.sealer, 'checkpoints').catch(
        (error: unknown) => {
          this.logger.error({ err: error }, 'sealer could not try for leadership');
          return null;
        },
      );
      if (lease) await this.lead(lease);
      await this.pause(this.config.LEADER_RETRY_MS);
    }
  }

  private async lead(lease: LeaderLease): Promise<void> {
    this.leader = true;
    let lost = false;
    void lease.lost.then(() => {
      lost = true;
      // Only a lease lost while leading cuts a pause short; our own release must not skip the retry wait.
      if (this.leader) this.interrupt();
    });
    try {
      const sealer = new CheckpointSealer({
        store: this.store,
        leaves: new MerkleLeavesRepository(this.knex),
        key: this.key,
        clock: this.clock,
        policy: { everyEvents: this.config.CHECKPOINT_EVERY_EVENTS, everyMs: this.config.CHECKPOINT_EVERY_MS },
      });
      await sealer.restore();
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the lease's lost promise sets it while the loop awaits
      while (!this.stopping && !lost) {
        for (const checkpoint of await sealer.sealPending())
          this.logger.info({ checkpoint }, `signed checkpoint at tree size ${checkpoint.treeSize}`);
        await this.pause(POLL_MS);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'sealer round failed; retrying');
    } finally {
      this.leader = false;
      await lease.release();
    }
  }

  /** Sleeps, unless shutdown or a lost lease interrupts it. */
  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
