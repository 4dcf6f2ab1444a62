import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { UserStreamWriter } from '../../src/identity/commands/user-stream.writer';
import { decideUser } from '../../src/identity/domain/user.decide';
import { jobRunSchema, jobsHealthSchema } from '../../src/jobs/jobs.responses';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { SchemaCheckedEventStore } from '../../src/platform/event-store/schema-checked-event-store';
import { StreamWriter } from '../../src/platform/event-store/stream-writer.service';
import { systemClock } from '../../src/shared-kernel/clock';
import { appUrlOf, createTestDatabase, type TestDatabase } from '../support/database';
import { enrollMfa, PASSWORD, signIn, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { freePort, spawnServer, waitForOutput, type ServerProcess } from '../support/server-process';
import { closeIfStarted } from '../support/teardown';
import { TEST_ENV } from '../support/test-app';

/** A hang detector, not a timing assertion: it only turns "never" into a failure. */
const HANG_MS = 60_000;
const registeredSchema = z.object({ userId: z.string() });

interface Instance {
  server: ServerProcess;
  baseUrl: string;
  dataDir: string;
}

/** Issue #18: job health is shared by every instance, and an API instance's "run now" runs on the worker. */
describe('jobs across an API instance and a worker', () => {
  let database: TestDatabase;
  let store: SchemaCheckedEventStore;
  const instances: Instance[] = [];
  let worker: Instance;
  let api: Instance;
  let admin: TestUser;

  async function start(env: Record<string, string>, args: string[], running: string): Promise<Instance> {
    const port = await freePort();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-jobs-role-'));
    const server = spawnServer(
      {
        ...TEST_ENV,
        HOST: '127.0.0.1',
        DATABASE_URL: database.ownerUrl,
        APP_DATABASE_URL: appUrlOf(database.ownerUrl),
        // Info, so each process's log says which jobs it ran.
        LOG_LEVEL: 'info',
        ...env,
        PORT: String(port),
        DATA_DIR: dataDir,
      },
      args,
    );
    const instance = { server, baseUrl: `http://127.0.0.1:${port}`, dataDir };
    instances.push(instance);
    await waitForOutput(server, running, HANG_MS);
    return instance;
  }

  beforeAll(async () => {
    database = await createTestDatabase('roles_jobs');
    store = new SchemaCheckedEventStore(new PostgresEventStore(database.pool, 20), EVENT_SCHEMAS);
    // The worker verifies the chains once at start: a run the API instance never took part in.
    worker = await start({ INTEGRITY_CHECK_ON_START: 'true' }, ['--role', 'worker'], 'running as a worker');
    api = await start({ INTEGRITY_CHECK_ON_START: 'false' }, ['--role', 'api'], '  portal  http://localhost');
    admin = await signUpAdmin(api);
  });
  afterAll(async () => {
    for (const instance of instances) {
      if (instance.server.child.exitCode === null) instance.server.child.kill('SIGKILL');
      await instance.server.exited;
      await rm(instance.dataDir, { recursive: true, force: true });
    }
    await closeIfStarted(store);
    await closeIfStarted(database);
  });

  async function signUpAdmin(instance: Instance): Promise<TestUser> {
    const email = `admin-${randomUUID()}@example.com`;
    const registered = await request(instance.baseUrl)
      .post('/api/v1/auth/register')
      .send({ email, password: PASSWORD })
      .expect(201);
    const { userId } = json(registered, registeredSchema);
    // As `npm run cli -- admin create` grants it: a decision on the user's stream, outside any server.
    const writer = new UserStreamWriter(new StreamWriter(store, systemClock), store);
    await writer.write(userId, { commandId: randomUUID(), actorId: null }, (state) =>
      decideUser({ type: 'GrantRole', userId, role: 'admin', grantedBy: null }, state),
    );
    return enrollMfa(instance, await signIn(instance, email, userId));
  }

  async function jobsOn(instance: Instance) {
    const answer = await request(instance.baseUrl).get('/api/debug/jobs/health').set(admin.auth).expect(200);
    return json(answer, jobsHealthSchema);
  }
  const integrityOf = (jobs: z.infer<typeof jobsHealthSchema>) => jobs.find((job) => job.name === 'integrity-check');

  it("shows the worker's own run on the API instance's jobs page and health", async () => {
    const deadline = Date.now() + HANG_MS;
    while (integrityOf(await jobsOn(api))?.lastOutcome !== 'SUCCEEDED') {
      if (Date.now() > deadline) throw new Error("the worker's start-up integrity check never showed on the API");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const shown = integrityOf(await jobsOn(api));
    expect(shown).toMatchObject({ lastOutcome: 'SUCCEEDED', lastError: null, running: false });
    expect(shown?.lastRunAt).not.toBeNull();
    expect(shown?.lastDurationMs).toBeGreaterThanOrEqual(0);
    // The same record on the health endpoint every instance serves, the worker's included.
    const health = z.object({ jobs: jobsHealthSchema });
    for (const instance of [api, worker])
      expect(integrityOf(json(await request(instance.baseUrl).get('/api/health'), health).jobs)).toEqual(shown);
    expect(worker.server.output()).toContain('chain verification VERIFIED');
    expect(api.server.output()).not.toContain('chain verification');
  });

  it('runs "run now" from the API instance on the worker, and answers with its report', async () => {
    const before = integrityOf(await jobsOn(api));
    const answer = await request(api.baseUrl)
      .post('/api/v1/admin/jobs/integrity-check/run')
      .set(admin.auth)
      .send({})
      .expect(200);
    const run = json(answer, jobRunSchema);
    if (run.job !== 'integrity-check') throw new Error(`answered for ${run.job}`);
    expect(run.result.lastOutcome).toBe('SUCCEEDED');
    expect(run.result.lastRunAt).not.toBe(before?.lastRunAt);
    expect(integrityOf(await jobsOn(api))).toEqual(run.result);
    expect(worker.server.output()).toContain('running a job an API instance asked for');
    expect(api.server.output()).not.toContain('chain verification');

    // A job's refusal travels back with its code: settling today is refused on the worker.
    const today = new Date().toISOString().slice(0, 10);
    const refused = await request(api.baseUrl)
      .post('/api/v1/admin/jobs/reputation-settlement/run')
      .set(admin.auth)
      .send({ throughDay: today })
      .expect(400);
    expect(refused.body).toMatchObject({ error: 'DAY_NOT_FINISHED', details: { throughDay: today } });
  });
});
