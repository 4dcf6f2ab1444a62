import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { UserStreamWriter } from '../../src/identity/commands/user-stream.writer';
import { decideUser } from '../../src/identity/domain/user.decide';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { feedLagAfter } from '../../src/platform/event-store/postgres/postgres-feed-lag';
import { SchemaCheckedEventStore } from '../../src/platform/event-store/schema-checked-event-store';
import { StreamWriter } from '../../src/platform/event-store/stream-writer.service';
import { ProjectionCheckpointsRepository } from '../../src/platform/projections/projection-checkpoints.repository';
import { rebuildAllAndCompare } from '../../src/platform/projections/projection-rebuild';
import { ALL_PROJECTIONS } from '../../src/registry/projections.registry';
import { REACTOR_CLASSES } from '../../src/registry/registry.module';
import { systemClock } from '../../src/shared-kernel/clock';
import { appUrlOf, createTestDatabase, type TestDatabase } from '../support/database';
import { givenReputation } from '../support/earning';
import { enrollMfa, PASSWORD, signIn, type TestUser } from '../support/identity';
import { API_RUNNING, HANG_MS, ledBy, RoleProcesses, type Instance } from '../support/role-processes';
import { freePort, spawnServer } from '../support/server-process';
import { closeIfStarted } from '../support/teardown';
import { TEST_ENV } from '../support/test-app';
import { waitFor } from '../support/wait';

/** Issue #18.1: API and worker processes on one database, the worker killed and restarted mid-journey. */
describe('two API processes and a worker on one database', () => {
  let database: TestDatabase;
  let store: SchemaCheckedEventStore;
  let processes: RoleProcesses;
  const baseEnv = { LOG_LEVEL: 'warn', INTEGRITY_CHECK_ON_START: 'false' };

  beforeAll(async () => {
    database = await createTestDatabase('roles');
    store = new SchemaCheckedEventStore(new PostgresEventStore(database.pool, 20), EVENT_SCHEMAS);
    processes = new RoleProcesses(database, baseEnv);
  });
  afterAll(async () => {
    await closeIfStarted(processes);
    await closeIfStarted(store);
    await closeIfStarted(database);
  });

  const startWorker = () => processes.startWorker();
  // The variable here, the flag for the worker: both ways of choosing a role are used.
  const startApi = (env: Record<string, string> = {}) => processes.start({ ROLE: 'api', ...env }, [], API_RUNNING);

  async function signUp(instance: Instance): Promise<TestUser> {
    const email = `member-${randomUUID()}@example.com`;
    const { userId } = (
      await request(instance.baseUrl).post('/api/v1/auth/register').send({ email, password: PASSWORD }).expect(201)
    ).body as { userId: string };
    return signIn(instance, email, userId);
  }

  /** As `npm run cli -- admin create` grants a role: a decision on the user's stream, outside any server. */
  async function grantCompliance(userId: string): Promise<void> {
    const writer = new UserStreamWriter(new StreamWriter(store, systemClock), store);
    await writer.write(userId, { commandId: randomUUID(), actorId: null }, (state) =>
      decideUser({ type: 'GrantRole', userId, role: 'compliance', grantedBy: null }, state),
    );
  }

  /** Every projection and reactor has a checkpoint, and none has an event of the feed left to apply. */
  async function caughtUp(): Promise<boolean> {
    const rows = await new ProjectionCheckpointsRepository(database.knex).all();
    if (rows.length < ALL_PROJECTIONS.length + REACTOR_CLASSES.length) return false;
    for (const row of rows) if ((await feedLagAfter(database.pool, row.position)).eventsBehind > 0) return false;
    return true;
  }

  it('roles: each process says its role; API instances run no background work; a worker serves only /api/health', async () => {
    const worker = await startWorker();
    expect(worker.server.output()).toContain('role: worker');
    const refused = await request(worker.baseUrl).get('/api/v1/ledger/status').expect(404);
    expect(refused.body).toEqual({
      error: 'NOT_FOUND',
      message: expect.stringContaining('worker process') as unknown,
      details: {},
    });
    await request(worker.baseUrl).get('/').expect(404);
    await waitFor('the worker to lead every projection and reactor', () => leadsEverything(worker), HANG_MS);

    // The worker here was started without the demo seed: an API instance asked for it leaves it alone.
    const api = await startApi({ DEMO_SEED: 'true' });
    expect(api.server.output()).toContain('role: api');
    expect(api.server.output()).toContain('demo seed: left to the worker');
    expect(await store.readStream('seed-demo')).toEqual([]);
    expect(await ledBy(api)).toEqual([]);
  });

  it('refuses a role it does not know, naming the flag and the variable', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-role-'));
    try {
      const server = spawnServer(
        {
          ...TEST_ENV,
          ...baseEnv,
          DATABASE_URL: database.ownerUrl,
          APP_DATABASE_URL: appUrlOf(database.ownerUrl),
          ROLE: 'api',
          PORT: String(await freePort()),
          DATA_DIR: dataDir,
        },
        ['--role=web'],
      );
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain('ROLE: must be one of api, worker, all (set by --role or ROLE)');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a member journey through both APIs, the worker killed and restarted midway: nothing lost, each event applied once', async () => {
    // The worker and the first API instance are the first test's: the journey joins them.
    const [apiA, apiB] = [processes.instances[1], await startApi()];
    const officer = await signUp(apiA);
    await grantCompliance(officer.userId);
    const verifiedOfficer = await enrollMfa(apiB, await signIn(apiB, officer.email, officer.userId));
    const [owner, assignee, reviewer] = [await signUp(apiB), await signUp(apiA), await signUp(apiB)];
    await request(apiB.baseUrl)
      .post('/api/v1/kyc')
      .set(assignee.auth)
      .send({
        legalName: 'Scale Out',
        dateOfBirth: '1990-01-01',
        country: 'DE',
        documentType: 'ID_CARD',
        documentNumber: 'ID654321',
      })
      .expect(202);
    await request(apiA.baseUrl)
      .post(`/api/v1/kyc/${assignee.userId}/decision`)
      .set(verifiedOfficer.auth)
      .send({ status: 'PASSED', reason: 'checked' })
      .expect(200);
    await request(apiB.baseUrl)
      .post('/api/v1/devices/posture')
      .set(assignee.auth)
      .send({ deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(200);
    await givenReputation({ store }, assignee.userId, 75);
    await givenReputation({ store }, reviewer.userId, 100);

    const { ventureId } = (
      await request(apiA.baseUrl)
        .post('/api/v1/ventures')
        .set(owner.auth)
        .send({ name: `Scale ${randomUUID().slice(0, 8)}` })
        .expect(201)
    ).body as { ventureId: string };
    const { taskId } = (
      await request(apiB.baseUrl)
        .post(`/api/v1/ventures/${ventureId}/tasks`)
        .set(owner.auth)
        .send({ title: 'Ship the exporter', tier: 'A', kind: 'feature' })
        .expect(201)
    ).body as { taskId: string };
    await request(apiA.baseUrl).post(`/api/v1/tasks/${taskId}/claim`).set(assignee.auth).send({}).expect(200);

    // Mid-journey, with no warning: leases drop with its connections, nothing is flushed.
    await processes.kill(processes.instances[0]);

    await request(apiB.baseUrl)
      .post(`/api/v1/tasks/${taskId}/submit`)
      .set(assignee.auth)
      .send({ note: 'done' })
      .expect(200);
    await request(apiA.baseUrl)
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewer.auth)
      .send({ quality: 5, verdict: 'APPROVE' })
      .expect(201);
    await request(apiB.baseUrl)
      .post(`/api/v1/tasks/${taskId}/accept`)
      .set(owner.auth)
      .send({ helpfulReviewerIds: [reviewer.userId] })
      .expect(200);
    // No worker: the acceptance is recorded, but nobody pays it out yet.
    expect(await buzIssued(assignee.userId)).toEqual([]);

    const secondWorker = await startWorker();
    // Had an API instance run projections or reactors, it would have taken their leases while no worker ran.
    await waitFor(
      'the restarted worker to lead every projection and reactor',
      () => leadsEverything(secondWorker),
      HANG_MS,
    );
    // A, quality 5, a reviewer at rep 100: 150 × 1.4 × 1.0 = 210, read back on the other API.
    await waitFor(
      'the wallet to show the payout on API A',
      async () =>
        ((await request(apiA.baseUrl).get('/api/v1/wallet/me').set(assignee.auth)).body as { balanceBuz?: string })
          .balanceBuz === '210',
      HANG_MS,
    );
    await waitFor('every projection and reactor to apply the whole feed', caughtUp, HANG_MS);

    expect(await buzIssued(assignee.userId)).toEqual(['210']);
    const wallet = (await request(apiB.baseUrl).get('/api/v1/wallet/me').set(assignee.auth).expect(200)).body as {
      balanceBuz: string;
    };
    expect(wallet.balanceBuz).toBe('210');
    const task = (await request(apiA.baseUrl).get(`/api/v1/tasks/${taskId}`).set(owner.auth).expect(200)).body as {
      status: string;
    };
    expect(task.status).toBe('ACCEPTED');
    expect([...(await ledBy(apiA)), ...(await ledBy(apiB))]).toEqual([]);

    // Every projection's live tables equal a replay of the whole feed: an event applied twice (or
    // never) across the kill would show up as a difference.
    const owned = knexFactory({
      client: 'pg',
      connection: database.ownerUrl,
      pool: { min: 0, max: ALL_PROJECTIONS.length + 1 },
    });
    try {
      const reports = await rebuildAllAndCompare(ALL_PROJECTIONS, store, owned);
      expect(reports.filter((report) => !report.equal)).toEqual([]);
      expect(reports.map((report) => report.projection).sort()).toEqual(
        ALL_PROJECTIONS.map((projection) => projection.name).sort(),
      );
    } finally {
      await owned.destroy();
    }
  });

  async function leadsEverything(worker: Instance): Promise<boolean> {
    return (await ledBy(worker)).length === ALL_PROJECTIONS.length + REACTOR_CLASSES.length;
  }

  async function buzIssued(userId: string): Promise<string[]> {
    const events = await store.readStream(`wallet-${userId}`);
    return events.flatMap((event) =>
      event.type === 'BuzIssued' ? [(event.data as { amountBuz: string }).amountBuz] : [],
    );
  }
});
