import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/platform/database/database';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { someEvents, uniqueStream } from '../support/events';
import { embeddedOwnerUrl, freePort, spawnServer, waitForOutput } from '../support/server-process';

const RUNNING = 'SmartStart Ledger is running';

/** The compiled server as `npm start` runs it: embedded PostgreSQL under DATA_DIR, signals, restarts. */
describe('the server process', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-server-'));
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DEMO_SEED: 'false',
      CHECKPOINT_EVERY_MS: '3600000',
      CHECKPOINT_EVERY_EVENTS: '1000000',
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const status = async () => (await fetch(`http://127.0.0.1:${env.PORT}/api/v1/ledger/status`)).json();

  it('starts on embedded PostgreSQL, refuses a second instance, stops cleanly on SIGTERM and keeps its data', async () => {
    const first = spawnServer(env);
    await waitForOutput(first, RUNNING);
    const second = spawnServer(env);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('SmartStart is already running');
    expect(second.output()).not.toMatch(/\n\s+at /);

    const database = connectDatabase(await embeddedOwnerUrl(dataDir), { poolSize: 2, applicationName: 'test' });
    await new PostgresEventStore(database.pool).append(uniqueStream(), someEvents(4), {
      expectedRevision: 'no_stream',
    });
    await database.close();

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped');
    const afterStop = new pg.Client(await embeddedOwnerUrl(dataDir));
    await expect(afterStop.connect()).rejects.toThrow(/ECONNREFUSED/);

    const restarted = spawnServer(env);
    await waitForOutput(restarted, RUNNING);
    await expect.poll(status, { timeout: 10_000 }).toMatchObject({ events: 4, streams: 1 });
    restarted.child.kill('SIGINT');
    expect(await restarted.exited).toBe(0);
  });

  it('reattaches to its PostgreSQL after being killed with SIGKILL', async () => {
    const crashed = spawnServer(env);
    await waitForOutput(crashed, RUNNING);
    crashed.child.kill('SIGKILL');
    await crashed.exited;

    const recovered = spawnServer(env);
    await waitForOutput(recovered, RUNNING);
    expect(recovered.output()).toContain('reattaching to embedded PostgreSQL');
    await expect.poll(status, { timeout: 10_000 }).toMatchObject({ events: 4 });
    recovered.child.kill('SIGTERM');
    expect(await recovered.exited).toBe(0);
  });

  it('names the bad variable and exits 1 on a wrong setting', async () => {
    const server = spawnServer({ ...env, DB_POOL_SIZE: 'many' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('DB_POOL_SIZE');
  });
});
