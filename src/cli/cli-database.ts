import { withEventSchemas } from '../event-schemas';
import type { AppConfig } from '../platform/config/app-config';
import { connectDatabase, ensureDatabase, migrateDatabase, type Database } from '../platform/database/database';
import { startEmbeddedPostgres } from '../platform/database/embedded-postgres';
import type { EventStore } from '../platform/event-store/event-store.port';
import { PostgresEventStore } from '../platform/event-store/postgres/postgres-event-store';

export interface CliDatabase {
  database: Database;
  ownerUrl: string;
  /** The event store as the server uses it: schema-checked appends, upcast reads. */
  store: EventStore;
  close(): Promise<void>;
}

/**
 * The same database the server uses. With the embedded default, a running server's PostgreSQL
 * is reused (and left running); otherwise the CLI starts it for the command and stops it after.
 */
export async function openCliDatabase(config: AppConfig, log: (line: string) => void): Promise<CliDatabase> {
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres(config.DATA_DIR, log);
  const ownerUrl = config.DATABASE_URL ?? (await ensureDatabase(embedded!.adminUrl, 'smartstart'));
  await migrateDatabase(ownerUrl);
  const database = connectDatabase(ownerUrl, { poolSize: 4, applicationName: 'smartstart-cli' });
  return {
    database,
    ownerUrl,
    store: withEventSchemas(new PostgresEventStore(database.pool)),
    close: async () => {
      await database.close();
      if (embedded?.startedHere) await embedded.stop();
    },
  };
}
