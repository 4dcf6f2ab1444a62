import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { Readiness } from '../../src/health/readiness';
import { loadConfig } from '../../src/platform/config/app-config';
import { connectDatabase, type Database } from '../../src/platform/database/database';
import { EVENT_STORE, type EventStore } from '../../src/platform/event-store/event-store.port';
import { feedLagAfter } from '../../src/platform/event-store/postgres/postgres-feed-lag';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { ProjectionCheckpointsRepository } from '../../src/platform/projections/projection-checkpoints.repository';
import { FeedRunnersService } from '../../src/platform/feed-runner/feed-runners.service';
import { appUrlOf, createTestDatabase } from './database';
import { someEvents } from './events';
import { waitFor } from './wait';

/** Fast bcrypt, a fixed token key, and limits high enough that only the rate-limit test meets them. */
export const TEST_ENV: Record<string, string> = {
  PORT: '0',
  LOG_LEVEL: 'silent',
  LEADER_RETRY_MS: '200',
  PROJECTION_POLL_MS: '20',
  AUTH_TOKEN_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  ISSUER_KEY: 'test-issuer-key-test-issuer-key-0123456789',
  CHECKPOINT_NOTE_KEY: 'test-checkpoint-note-key-0123456789abcdef',
  BCRYPT_COST: '4',
  RATE_LIMIT_MAX: '1000000',
  LOGIN_RATE_LIMIT_MAX: '1000000',
  ACCOUNT_RATE_LIMIT_MAX: '1000000',
  SIGNATURE_VERIFY_RATE_LIMIT_MAX: '1000000',
  DEMO_SEED: 'false',
  // A 02:00 UTC settlement firing mid-test would decay the reputations a test has set up.
  SCHEDULED_JOBS: 'false',
  // A fixed key, so test apps never write one into ./.data; and no checkpoint unless a test asks,
  // because a CheckpointSigned event appearing mid-test changes every event count.
  SIGNING_KEY: '3c1d9a4f0e2b7c6d5a8f9e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d',
  CHECKPOINT_EVERY_EVENTS: '1000000',
  CHECKPOINT_EVERY_MS: '3600000',
};

export interface TestApp {
  baseUrl: string;
  app: NestExpressApplication;
  database: Database;
  ownerUrl: string;
  store: EventStore;
  /**
   * The PostgreSQL adapter without the schema check, on the app's database: for events the app
   * never writes itself (fillers of no known type, an event an older release or another writer
   * could have left). Everything else goes through `store`, as the app's own writes do.
   */
  rawStore: EventStore;
  /** `count` fillers of a type the app does not know, through `rawStore`. */
  appendEvents(streamId: string, count: number): Promise<void>;
  /** Resolves once every projection and process manager has caught up with the whole feed. */
  waitForProjections(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Join an existing database (another "instance" of the same deployment); fresh otherwise. */
  ownerUrl?: string;
  env?: Record<string, string>;
  configure?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** Leave /api/health at `starting`, as main.ts does until start-up (the demo seed) is done. */
  starting?: boolean;
}

/** The real app (real HTTP, real PostgreSQL, built portal) listening on a free loopback port. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ ...TEST_ENV, ...options.env });
  const ownerUrl = options.ownerUrl ?? (await createTestDatabase('app')).ownerUrl;
  const database = connectDatabase(appUrlOf(ownerUrl), { poolSize: 10, applicationName: 'test-app' });
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot({ config, database })] });
  if (options.configure) builder = options.configure(builder);
  const moduleRef = await builder.compile();
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest types its options as a class but reads them as a plain object (its own docs pass a literal)
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true, bodyParser: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  if (!options.starting) app.get(Readiness).markReady();
  const address = app.getHttpServer().address();
  const store = app.get<EventStore>(EVENT_STORE);
  const rawStore = new PostgresEventStore(database.pool);
  const runners = app.get(FeedRunnersService).runners;

  return {
    baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    app,
    database,
    ownerUrl,
    store,
    rawStore,
    async appendEvents(streamId, count) {
      await rawStore.append(streamId, someEvents(count), { expectedRevision: 'any' });
    },
    async waitForProjections() {
      const checkpoints = new ProjectionCheckpointsRepository(database.knex);
      // All at once: a reactor that catches up appends events the projections then still have to apply.
      // Generous (waitFor's default): on a loaded 2-core CI machine a 200-task backlog can take tens of seconds to pay.
      await waitFor('the projections and reactors to catch up', async () => {
        const rows = await checkpoints.all();
        for (const { name } of runners) {
          const position = rows.find((row) => row.projection === name)?.position;
          if (position === undefined || (await feedLagAfter(database.pool, position)).eventsBehind > 0) return false;
        }
        return true;
      });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
