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
  const { ownerUrl, embedded } = await ownerDatabase(config, log);
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

async function ownerDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<{ ownerUrl: string; embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null }> {
  if (config.DATABASE_URL) return { ownerUrl: config.DATABASE_URL, embedded: null };
  const embedded = await startEmbeddedPostgres(config.DATA_DIR, log);
  return { ownerUrl: await ensureDatabase(embedded.adminUrl, 'smartstart'), embedded };
}
