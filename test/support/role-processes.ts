import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { appUrlOf, type TestDatabase } from './database';
import { freePort, spawnServer, waitForOutput, type ServerProcess } from './server-process';
import { TEST_ENV } from './test-app';

/** A hang detector, not a timing assertion: it only turns "never" into a failure. */
export const HANG_MS = 60_000;

/** What a worker prints once it runs; an API instance prints its portal's address. */
export const WORKER_RUNNING = 'SmartStart Ledger is running as a worker';
export const API_RUNNING = '  portal  http://localhost';

export interface Instance {
  server: ServerProcess;
  baseUrl: string;
  dataDir: string;
}

/**
 * Compiled server processes (`npm run build:api` first) on one test database, each with its own
 * PORT and DATA_DIR, as a deployment of API instances and workers runs them (#18).
 */
export class RoleProcesses {
  readonly instances: Instance[] = [];

  constructor(
    private readonly database: TestDatabase,
    private readonly env: Record<string, string> = {},
  ) {}

  /** One after another: every process runs the (idempotent) migration step, which takes knex's migration lock. */
  async start(env: Record<string, string>, args: string[], running: string): Promise<Instance> {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-role-'));
    const server = spawnServer(
      {
        ...TEST_ENV,
        HOST: '127.0.0.1',
        DATABASE_URL: this.database.ownerUrl,
        APP_DATABASE_URL: appUrlOf(this.database.ownerUrl),
        ...this.env,
        ...env,
        PORT: String(port),
        DATA_DIR: dataDir,
      },
      args,
    );
    const instance = { server, baseUrl: `http://127.0.0.1:${port}`, dataDir };
    this.instances.push(instance);
    await waitForOutput(server, running, HANG_MS);
    return instance;
  }

  startWorker(env: Record<string, string> = {}): Promise<Instance> {
    return this.start(env, ['--role', 'worker'], WORKER_RUNNING);
  }

  startApi(env: Record<string, string> = {}): Promise<Instance> {
    return this.start(env, ['--role', 'api'], API_RUNNING);
  }

  /** SIGKILL, as a crash: its connections drop with it, nothing is flushed. */
  async kill(instance: Instance): Promise<void> {
    instance.server.child.kill('SIGKILL');
    await instance.server.exited;
  }

  async close(): Promise<void> {
    for (const instance of this.instances) {
      if (instance.server.child.exitCode === null) instance.server.child.kill('SIGKILL');
      await instance.server.exited;
      await rm(instance.dataDir, { recursive: true, force: true });
    }
  }
}

const followersSchema = z.array(z.object({ name: z.string(), leader: z.boolean() }));
const healthSchema = z.object({ projections: followersSchema, reactors: followersSchema });

/** The projections and reactors an instance says it leads (`leader` on its /api/health). */
export async function ledBy(instance: Instance): Promise<string[]> {
  const health = healthSchema.parse(await (await fetch(`${instance.baseUrl}/api/health`)).json());
  return [...health.projections, ...health.reactors].filter((follower) => follower.leader).map(({ name }) => name);
}
