import { Inject, Injectable, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Knex } from 'knex';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { KNEX, LEADERSHIP_DATABASE_URL } from '../platform.tokens';
import { PROJECTIONS, type Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Starts a runner per projection with the app and stops them before the pools close. */
@Injectable()
export class ProjectionsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly runners: ProjectionRunner[] = [];
  private readonly reactors: Projection[] = [];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(LEADERSHIP_DATABASE_URL) private readonly leadershipUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {}

  /**
   * Process managers follow the feed like projections but act by sending commands, so they are
   * not rebuildable read models; their modules register them here (in onModuleInit).
   */
  registerReactor(reactor: Projection): void {
    this.reactors.push(reactor);
  }

  onApplicationBootstrap(): void {
    for (const projection of [...this.projections, ...this.reactors]) {
      const runner = new ProjectionRunner(projection, this.store, this.knex, {
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

  /** Names of the projections this instance is currently leading. */
  ledHere(): Set<string> {
    return new Set(this.runners.filter((runner) => runner.leader).map((runner) => runner.projection.name));
  }
}
