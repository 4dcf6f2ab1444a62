import type { AppConfig } from '../platform/config/app-config';
import { ensureDatabase, migrateDatabase } from '../platform/database/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../platform/database/embedded-postgres';

export interface DatabaseBootstrap {
  ownerUrl: string;
  embedded: EmbeddedPostgres | null;
  migrationsApplied: string[];
}

/** DATABASE_URL when given; otherwise the embedded server under DATA_DIR. Then migrations. */
export async function bootstrapDatabase(config: AppConfig, log: (line: string) => void): Promise<DatabaseBootstrap> {
  let embedded: EmbeddedPostgres | null = null;
  let ownerUrl = config.DATABASE_URL;
  if (!ownerUrl) {
    embedded = await startEmbeddedPostgres(config.DATA_DIR, log);
    ownerUrl = await ensureDatabase(embedded.adminUrl, 'smartstart');
  }
  const migrationsApplied = await migrateDatabase(ownerUrl);
  return { ownerUrl, embedded, migrationsApplied };
}
