import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, runsBackgroundWork, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { KNEX, LEADERSHIP_DATABASE_URL } from '../platform.tokens';
import { PROJECTIONS, type Projection } from '../projections/projection';
import { REACTORS, type Reactor } from '../reactors/reactor';
import { projectionFollower, reactorFollower, type FeedFollower } from './feed-follower';
import { FeedRunner } from './feed-runner';

/**
 * Starts a runner per projection and per reactor with the app, and stops them before the pools
 * close; on an API instance (ROLE=api) none start: a worker runs them. Which ones exist is the registry's business (src/registry/): the platform knows none.
 */
@Injectable()
export class FeedRunnersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: FeedRunner[] = [];

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
    for (const follower of followers) {
      const runner = new FeedRunner(follower, this.store, this.knex, {
        leadershipUrl: this.leadershipUrl,
        batchSize: this.config.PROJECTION_BATCH_SIZE,
        leaderRetryMs: this.config.LEADER_RETRY_MS,
        maxRetries: this.config.PROJECTION_MAX_RETRIES,
        retryBaseMs: this.config.PROJECTION_RETRY_BASE_MS,
        logger: this.logger.logger,
      });
      this.runners.push(runner);
      runner.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  runner(name: string): FeedRunner | undefined {
    return this.runners.find((runner) => runner.name === name);
  }

  /** Names of the projections and reactors this instance is currently leading. */
  ledHere(): Set<string> {
    return new Set(this.runners.filter((runner) => runner.leader).map((runner) => runner.name));
  }
}
