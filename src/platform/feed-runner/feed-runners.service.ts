import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, runsBackgroundWork, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { KNEX, LEADERSHIP_DATABASE_URL } from '../platform.tokens';
import { PROJECTIONS, type Projection } from '../projections/projection';
import { REACTORS, type Reactor } from '../reactors/reactor';
import { FairShare } from './fair-share';
import { projectionFollower, reactorFollower, type FeedFollower } from './feed-follower';
import { FeedRunner } from './feed-runner';

/**
 * Starts a runner per projection and per reactor with the app, and stops them before the pools
 * close; on an API instance (ROLE=api) none start: a worker runs them. Which ones exist is the registry's business (src/registry/): the platform knows none.
 * Several workers share them: each leads at most its fair share (FairShare) while the others live,
 * and hands over what it holds beyond that, checked every LEADER_RETRY_MS.
 */
@Injectable()
export class FeedRunnersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: FeedRunner[] = [];
  private share: FairShare | null = null;
  private rebalanceTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(REACTORS) private readonly reactors: Reactor[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (!runsBackgroundWork(this.config)) return;
    const followers: FeedFollower[] = [
      ...this.projections.map(projectionFollower),
      ...this.reactors.map(reactorFollower),
    ];
    const share = new FairShare(this.leadershipUrl, this.knex, followers.length);
    this.share = share;
    for (const follower of followers) {
      const runner = new FeedRunner(follower, this.store, this.knex, {
        leadershipUrl: this.leadershipUrl,
        batchSize: this.config.PROJECTION_BATCH_SIZE,
        leaderRetryMs: this.config.LEADER_RETRY_MS,
        maxRetries: this.config.PROJECTION_MAX_RETRIES,
        retryBaseMs: this.config.PROJECTION_RETRY_BASE_MS,
        logger: this.logger.logger,
        share,
      });
      this.runners.push(runner);
      runner.start();
    }
    this.scheduleRebalance(share);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    await Promise.all(this.runners.map((runner) => runner.stop()));
    await this.share?.leave();
  }

  private scheduleRebalance(share: FairShare): void {
    this.rebalanceTimer = setTimeout(() => {
      void this.rebalance(share)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'checking the share of projections failed'))
        .finally(() => {
          if (!this.stopped) this.scheduleRebalance(share);
        });
    }, this.config.LEADER_RETRY_MS);
  }

  /** Hands over the leases held beyond this process's share (the last runners' first), for the processes below theirs. */
  private async rebalance(share: FairShare): Promise<void> {
    const excess = await share.excess();
    if (excess === 0) return;
    const leading = this.runners.filter((runner) => runner.leader && share.holds(runner.name));
    for (const runner of leading.slice(-excess)) runner.handOver();
  }

  runner(name: string): FeedRunner | undefined {
    return this.runners.find((runner) => runner.name === name);
  }

  /** Names of the projections and reactors this instance is currently leading. */
  ledHere(): Set<string> {
    return new Set(this.runners.filter((runner) => runner.leader).map((runner) => runner.name));
  }
}
