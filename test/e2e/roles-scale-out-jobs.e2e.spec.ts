import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { windowsAdvancedSchema } from '../../src/conversion/http/conversion.responses';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { UserStreamWriter } from '../../src/identity/commands/user-stream.writer';
import type { Role } from '../../src/identity/domain/roles.contract';
import { decideUser } from '../../src/identity/domain/user.decide';
import { jobRunSchema, jobsHealthSchema } from '../../src/jobs/jobs.responses';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { SchemaCheckedEventStore } from '../../src/platform/event-store/schema-checked-event-store';
import { StreamWriter } from '../../src/platform/event-store/stream-writer.service';
import { LeaderNamespace, tryAcquireLeadership } from '../../src/platform/leadership/leader-lock';
import { systemClock } from '../../src/shared-kernel/clock';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { enrollMfa, PASSWORD, signIn, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { present } from '../support/present';
import { HANG_MS, RoleProcesses, type Instance } from '../support/role-processes';
import { jsonLinesOf } from '../support/server-process';
import { closeIfStarted } from '../support/teardown';

const registeredSchema = z.object({ userId: z.string() });
const takenRequestSchema = z.object({ msg: z.literal('running a job an API instance asked for'), job: z.string() });

/** The jobs a process's log says it ran for an API instance, in order. */
function jobsRunForApi(instance: Instance): string[] {
  return jsonLinesOf(instance.server.output()).flatMap((line) => {
    const taken = takenRequestSchema.safeParse(line);
    return taken.success ? [taken.data.job] : [];
  });
}

/** Issue #18: job health is shared by every instance, and an API instance's manual runs run on the worker. */
describe('jobs across an API instance and a worker', () => {
  let database: TestDatabase;
  let store: SchemaCheckedEventStore;
  let processes: RoleProcesses;
  let worker: Instance;
  let api: Instance;
  let admin: TestUser;

  beforeAll(async () => {
    database = await createTestDatabase('roles_jobs');
    store = new SchemaCheckedEventStore(new PostgresEventStore(database.pool, 20), EVENT_SCHEMAS);
    // Info, so each process's log says which jobs it ran.
    processes = new RoleProcesses(database, { LOG_LEVEL: 'info' });
    // The worker verifies the chains once at start: a run the API instance never took part in.
    worker = await processes.startWorker({ INTEGRITY_CHECK_ON_START: 'true' });
    api = await processes.startApi({ INTEGRITY_CHECK_ON_START: 'false' });
    admin = await signUpAs(api, 'admin');
  });
  afterAll(async () => {
    await closeIfStarted(processes);
    await closeIfStarted(store);
    await closeIfStarted(database);
  });

  async function signUpAs(instance: Instance, role: Role): Promise<TestUser> {
    const email = `${role}-${randomUUID()}@example.com`;
    const registered = await request(instance.baseUrl)
      .post('/api/v1/auth/register')
      .send({ email, password: PASSWORD })
      .expect(201);
    const { userId } = json(registered, registeredSchema);
    // As `npm run cli -- admin create` grants it: a decision on the user's stream, outside any server.
    const writer = new UserStreamWriter(new StreamWriter(store, systemClock), store);
    await writer.write(userId, { commandId: randomUUID(), actorId: null }, (state) =>
      decideUser({ type: 'GrantRole', userId, role, grantedBy: null }, state),
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
    expect(jobsRunForApi(worker)).toEqual(['integrity-check']);
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

  it("runs the board's POST /conversion-windows/advance from the API instance on the worker, JOB_BUSY included", async () => {
    const board = await signUpAs(api, 'board');
    const runsBefore = jobsRunForApi(worker).length;
    const answer = await request(api.baseUrl)
      .post('/api/v1/conversion-windows/advance')
      .set(board.auth)
      .send({})
      .expect(200);
    expect(json(answer, windowsAdvancedSchema)).toEqual({ advanced: [] });
    expect(jobsRunForApi(worker).slice(runsBefore)).toEqual(['conversion-windows']);
    expect(jobsRunForApi(api)).toEqual([]);
    // The worker's run is the shared record every instance shows.
    const windowsJob = (await jobsOn(api)).find((job) => job.name === 'conversion-windows');
    expect(windowsJob).toMatchObject({ lastOutcome: 'SUCCEEDED', running: false });

    // Another holder of the job's cluster-wide lock: the worker finds it taken, and its JOB_BUSY comes back.
    const holder = present(
      await tryAcquireLeadership(database.url, LeaderNamespace.job, 'conversion-windows'),
      "the windows job's lock",
    );
    try {
      const busy = await request(api.baseUrl)
        .post('/api/v1/conversion-windows/advance')
        .set(board.auth)
        .send({})
        .expect(409);
      expect(errorOf(busy).error).toBe('JOB_BUSY');
    } finally {
      await holder.release();
    }
    expect(jobsRunForApi(worker).slice(runsBefore)).toEqual(['conversion-windows', 'conversion-windows']);
  });
});
