import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { KNEX, OWNER_DATABASE_URL } from '../platform.tokens';
import { PROJECTIONS, type Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Starts a runner per projection with the app and stops them before the pools close. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: ProjectionRunner[];

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(KNEX) knex: Knex,
    @Inject(OWNER_DATABASE_URL) ownerUrl: string,
    @Inject(APP_CONFIG) config: AppConfig,
    logger: PinoLogger,
  ) {
    this.runners = projections.map(
      (projection) =>
        new ProjectionRunner(projection, store, knex, {
          ownerUrl,
          batchSize: config.PROJECTION_BATCH_SIZE,
          leaderRetryMs: config.LEADER_RETRY_MS,
          logger: logger.logger,
        }),
    );
  }

  onApplicationBootstrap(): void {
    for (const runner of this.runners) runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  /** Names of the projections this instance is currently leading. */
  ledHere(): Set<string> {
    return new Set(this.runners.filter((runner) => runner.leader).map((runner) => runner.projection.name));
  }
}
