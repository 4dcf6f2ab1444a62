import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase, type Database } from '../src/platform/database/database';
import { freePort, startApiServer, type ApiServer } from './api-server';
import type { BenchContext, Benchmark } from './benchmark';
import {
  acceptanceGenerator,
  acceptedCount,
  benchServerEnvironment,
  createFixtures,
  untilEveryAcceptancePaid,
  untilProjectionsCaughtUp,
  type Fixtures,
} from './issuance.bench';
import { SAMPLE_EVERY } from './issuance-report';
import { LagTracker } from './projection-lag';
import { scalingReport, type Topology } from './scaling-report';
import { measureSpread, type SampledProcess } from './scaling-load';

/** How many API instances each measured topology runs, beside one worker. */
const API_COUNTS = [1, 2];

interface Running {
  server: ApiServer;
  dataDir: string;
}

/**
 * Issue #18 §4, the scaling table: real processes on the run's one PostgreSQL, one worker
 * (`--role worker`) and first one, then two API instances (`--role api`); the same load
 * generator spreads its connections over the API instances. For each topology, the no-op GET
 * baseline, then closed-loop issuance with its projection lag, and the CPU of every process.
 */
export const scalingBenchmark: Benchmark = {
  name: 'scaling',
  description: 'issuance and lag with 1 and 2 API instances beside a worker, CPU per issuance of each process',
  section: true,
  run: async (context) => {
    const url = await context.freshDatabase('bench_scaling');
    const db = connectDatabase(context.appUrl(url), { poolSize: 8, applicationName: 'bench-scaling' });
    const running: Running[] = [];
    const start = async (role: 'worker' | 'api') => {
      const dataDir = await mkdtemp(path.join(tmpdir(), `smartstart-bench-${role}-`));
      const env = { ...benchServerEnvironment(context, url, dataDir, await freePort()), ROLE: role };
      const server = await startApiServer(env);
      running.push({ server, dataDir });
      return server;
    };
    try {
      const fixtures = await createFixtures(context, db);
      context.log('scaling: starting the worker');
      const worker = await start('worker');
      const apis: ApiServer[] = [];
      const topologies: Topology[] = [];
      for (const count of API_COUNTS) {
        while (apis.length < count) {
          context.log(`scaling: starting API instance ${apis.length + 1}`);
          apis.push(await start('api'));
        }
        await untilProjectionsCaughtUp(db);
        topologies.push(await measureTopology(context, db, url, fixtures, worker, apis));
      }
      return scalingReport(context, topologies);
    } finally {
      for (const { server, dataDir } of running.reverse()) {
        await server.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
      await db.close();
    }
  },
};

async function measureTopology(
  context: BenchContext,
  db: Database,
  ownerUrl: string,
  fixtures: Fixtures,
  worker: ApiServer,
  apis: ApiServer[],
): Promise<Topology> {
  const name = `${apis.length} API + 1 worker`;
  const processes: SampledProcess[] = [
    ...apis.map((api, index) => ({ name: `API ${index + 1}`, pid: api.pid })),
    { name: 'worker', pid: worker.pid },
  ];
  const target = { processes, ownerUrl };
  const auth = { authorization: `Bearer ${fixtures.token}` };
  const { connections, window } = context.options;
  const baseUrls = apis.map((api) => api.baseUrl);
  context.log(`scaling: ${name}: baseline GET /api/v1/auth/me`);
  const baseline = await measureSpread(
    {
      label: 'GET /api/v1/auth/me',
      baseUrls,
      path: '/api/v1/auth/me',
      connections,
      headers: auth,
      requests: [{ method: 'GET' }],
    },
    window,
    target,
  );
  context.log(`scaling: ${name}: issuance, closed loop`);
  const sampled = new Set(fixtures.assignees.filter((_, index) => index % SAMPLE_EVERY === 0));
  const tracker = new LagTracker(ownerUrl, sampled);
  await tracker.start();
  try {
    const generator = acceptanceGenerator(fixtures, (taskId, userId) => tracker.answered(taskId, userId), auth);
    const acceptedBefore = await acceptedCount(db);
    let loadEndedAt = 0;
    const issuance = await measureSpread(
      {
        label: 'POST /api/v1/events/task/accepted',
        baseUrls,
        path: '/api/v1/events/task/accepted',
        connections,
        requests: [generator.request],
        onWindowStart: () => tracker.beginWindow(),
        onWindowEnd: () => {
          tracker.endWindow();
          loadEndedAt = performance.now();
        },
      },
      window,
      target,
    );
    context.log(`scaling: ${name}: waiting for every acceptance to be paid`);
    const [lag, payout] = await Promise.all([
      tracker.drain(300_000),
      untilEveryAcceptancePaid(db, loadEndedAt, 300_000),
    ]);
    return {
      name,
      apiCount: apis.length,
      baseline,
      issuance,
      lag,
      payout: { ...payout, acceptedInPhase: payout.accepted - acceptedBefore },
    };
  } finally {
    await tracker.close();
  }
}
