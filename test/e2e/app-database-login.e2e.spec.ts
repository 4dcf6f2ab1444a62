import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrlOf, createTestDatabase } from '../support/database';
import { embeddedOwnerUrl, freePort, spawnServer, waitForOutput, type ServerProcess } from '../support/server-process';

const RUNNING = 'SmartStart Ledger is running';

/** Who the compiled server logs in as, and what it refuses to log in as (issue #11, item 1). */
describe("the server's database login", () => {
  let dataDir: string;
  let ownerUrl: string;
  let baseEnv: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-login-'));
    const database = await createTestDatabase('login');
    ownerUrl = database.ownerUrl;
    await database.close();
    baseEnv = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      DEMO_SEED: 'false',
      INTEGRITY_CHECK_ON_START: 'false',
      CHECKPOINT_EVERY_MS: '3600000',
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>): Promise<ServerProcess> {
    return spawnServer({ ...baseEnv, PORT: String(await freePort()), ...env });
  }

  /** The role each of the API pool's sessions logged in as (session_user, which SET ROLE cannot change). */
  async function apiLogins(url: string): Promise<string[]> {
    const client = new pg.Client(url);
    await client.connect();
    try {
      const { rows } = await client.query<{ usename: string }>(
        `select distinct usename from pg_stat_activity where application_name = 'smartstart-api'`,
      );
      return rows.map((row) => row.usename);
    } finally {
      await client.end();
    }
  }

  async function stop(server: ServerProcess): Promise<void> {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }

  it('refuses DATABASE_URL without APP_DATABASE_URL, saying what to set', async () => {
    const server = await start({ DATABASE_URL: ownerUrl });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/DATABASE_URL is set but APP_DATABASE_URL is not/);
    expect(server.output()).toMatch(/UNSAFE_PRIVILEGED_DATABASE_ROLE/);
  });

  it('refuses an app login that is a superuser and owns the event log', async () => {
    const server = await start({ DATABASE_URL: ownerUrl, APP_DATABASE_URL: ownerUrl });
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Refusing to start: .*could undo WORM: it is a superuser; it owns the event log/);
  });

  it('runs as the owner only when told to, and warns', async () => {
    const server = await start({
      DATABASE_URL: ownerUrl,
      APP_DATABASE_URL: ownerUrl,
      UNSAFE_PRIVILEGED_DATABASE_ROLE: 'true',
    });
    await waitForOutput(server, RUNNING);
    expect(server.output()).toMatch(/WARNING: UNSAFE_PRIVILEGED_DATABASE_ROLE is set .*could undo WORM/);
    await stop(server);
  });

  it('logs its pool in as smartstart_app with APP_DATABASE_URL', async () => {
    const server = await start({ DATABASE_URL: ownerUrl, APP_DATABASE_URL: appUrlOf(ownerUrl) });
    await waitForOutput(server, RUNNING);
    // The pool connects lazily: wait for the projections' first reads.
    await expect.poll(() => apiLogins(ownerUrl), { timeout: 30_000 }).toEqual(['smartstart_app']);
    expect(server.output()).not.toMatch(/WARNING/);
    await stop(server);
  });

  it('on the embedded default, generates the app password into DATA_DIR (mode 600) and logs in with it', async () => {
    // Its own temporary directory: the cluster's OS user must be able to reach it (see embedded-postgres.ts).
    const embeddedDir = await mkdtemp(path.join(tmpdir(), 'smartstart-login-embedded-'));
    const server = await start({ DATA_DIR: embeddedDir });
    await waitForOutput(server, RUNNING);
    expect(server.output()).toContain(`generated ${path.join(embeddedDir, 'app-database-password')} (mode 600)`);
    expect((await stat(path.join(embeddedDir, 'app-database-password'))).mode & 0o777).toBe(0o600);
    const embeddedOwner = await embeddedOwnerUrl(embeddedDir);
    await expect.poll(() => apiLogins(embeddedOwner), { timeout: 30_000 }).toEqual(['smartstart_app']);
    await stop(server);
    await rm(embeddedDir, { recursive: true, force: true });
  });
});
