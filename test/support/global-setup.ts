import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createAppLogin } from '../../src/platform/database/app-role';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    /** The app role's password on the run's cluster (roles are cluster-wide, so one for every test database). */
    appRolePassword: string;
  }
}

/** One real PostgreSQL cluster for the whole run; each test file creates its own database in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-test-'));
  const server = await startEmbeddedPostgres(dataDir, () => undefined);
  project.provide('adminDatabaseUrl', server.adminUrl);
  project.provide('appRolePassword', await createAppLogin(server.adminUrl));
  if (!process.env.EVENTSTORE_URL) {
    console.log(
      'EventStoreDB contract suite skipped: EVENTSTORE_URL is not set (no EventStoreDB server on this machine).',
    );
  }
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
