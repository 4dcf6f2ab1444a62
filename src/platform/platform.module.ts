import { type DynamicModule, Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { CLOCK, systemClock } from '../shared-kernel/clock';
import type { Database } from './database/database';
import type { EventSchemaRegistry } from './event-store/event-schemas';
import { EVENT_STORE, type EventStore } from './event-store/event-store.port';
import { EventStoreDbStore } from './event-store/eventstoredb/eventstoredb-event-store';
import { PostgresEventStore } from './event-store/postgres/postgres-event-store';
import { SchemaCheckedEventStore } from './event-store/schema-checked-event-store';
import { StreamWriter } from './event-store/stream-writer.service';
import { JobRunRequestsRepository } from './jobs/job-run-requests.repository';
import { JobRunsRepository } from './jobs/job-runs.repository';
import { ManualJobRuns } from './jobs/manual-job-runs';
import { DATABASE, KNEX, LEADERSHIP_DATABASE_URL } from './platform.tokens';

export interface PlatformDependencies {
  config: AppConfig;
  /** Connected and migrated by the caller (main.ts or a test), which also closes it. */
  database: Database;
  /** Every event type's schema: the store checks appends and upcasts reads with it, whichever adapter runs. */
  eventSchemas: EventSchemaRegistry;
}

/** Config, database, event store, clock and the stream writer, available to every module. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  static forRoot(dependencies: PlatformDependencies): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: dependencies.config },
      { provide: DATABASE, useValue: dependencies.database },
      { provide: KNEX, useValue: dependencies.database.knex },
      { provide: LEADERSHIP_DATABASE_URL, useValue: dependencies.database.url },
      { provide: CLOCK, useValue: systemClock },
      { provide: EVENT_STORE, useFactory: () => createEventStore(dependencies) },
    ];
    const services = [StreamWriter, JobRunsRepository, JobRunRequestsRepository, ManualJobRuns];
    return {
      module: PlatformModule,
      providers: [...providers, ...services],
      exports: [...providers.map((provider) => provider.provide), ...services],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.eventStore.close();
  }
}

function createEventStore({ config, database, eventSchemas }: PlatformDependencies): EventStore {
  const adapter = config.EVENTSTORE_URL
    ? EventStoreDbStore.connect(config.EVENTSTORE_URL)
    : new PostgresEventStore(database.pool, config.PROJECTION_POLL_MS);
  return new SchemaCheckedEventStore(adapter, eventSchemas);
}
