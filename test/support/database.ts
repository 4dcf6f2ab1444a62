import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { appRoleUrl } from '../../src/platform/database/app-role';
import { connectDatabase, ensureDatabase, migrateDatabase, type Database } from '../../src/platform/database/database';

export interface TestDatabase extends Database {
  /** Owner URL: bypasses the application role, as an attacker with owner rights would. */
  readonly ownerUrl: string;
}

/** A fresh, migrated database on the run's embedded PostgreSQL, named after the calling suite. */
export async function createTestDatabase(label = 'test', poolSize = 40): Promise<TestDatabase> {
  const name = `${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const ownerUrl = await ensureDatabase(inject('adminDatabaseUrl'), name);
  await migrateDatabase(ownerUrl);
  return { ...connectDatabase(appUrlOf(ownerUrl), { poolSize, applicationName: `test-${label}` }), ownerUrl };
}

/** The app role's login to the database behind `ownerUrl`, as the server logs in. */
export function appUrlOf(ownerUrl: string): string {
  return appRoleUrl(ownerUrl, inject('appRolePassword'));
}
