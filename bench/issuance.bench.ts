import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { createApiToken } from '../src/identity/accounts/api-token.service';
import { userStream } from '../src/identity/domain/user.events';
import { connectDatabase, type Database } from '../src/platform/database/database';
import { PostgresEventStore } from '../src/platform/event-store/postgres/postgres-event-store';
import { projectionStatuses } from '../src/ledger/status/projection-status';
import { memberStream } from '../src/progress/domain/member.events';
import { freePort, sampleProcess, sleep, startApiServer, type ApiServer } from './api-server';
import type { BenchContext, Benchmark } from './benchmark';
import { summariseCpuProfile } from './cpu-profile';
import { measureHttp } from './http-load';
import { eligibleMemberEvents, forEachPooled, metadataAt, officerEvents, toAppend } from './ledger-fixtures';
import { LagTracker } from './projection-lag';
import {
  PACED_SHARE,
  report,
  REST_MS,
  SAMPLE_EVERY,
  type GcSummary,
  type IssuancePhase,
  type Payout,
  type Rest,
} from './issuance-report';
import { openServerProbes } from './server-probes';

const ASSIGNEES = 1000;
const VENTURES = 8;

/**
 * DESIGN §8 "HTTP issuance": the compiled server as a child process on the run's cluster;
 * autocannon posts unique task acceptances (integration path, system token) spread over many
 * eligible assignees; the baseline is an authenticated GET that does no command, on the same
 * server, with the same token and connections, in the same run.
 */
export const issuanceBenchmark: Benchmark = {
  name: 'issuance',
  description: 'autocannon: POST /api/v1/events/task/accepted → BUZ issued, vs GET /api/v1/auth/me on the same server',
  run: async (context) => {
    const url = await context.freshDatabase('bench_issuance');
    const db = connectDatabase(context.appUrl(url), { poolSize: 8, applicationName: 'bench-issuance' });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-bench-api-'));
    let server: ApiServer | null = null;
    const answers: { tracker: LagTracker | null } = { tracker: null };
    try {
      const fixtures = await createFixtures(context, db);
      const profileDir = path.join(dataDir, 'cpu-profile');
      if (context.options.diagnose) await mkdir(profileDir);
      const env = benchServerEnvironment(context, url, dataDir, await freePort());
      context.log('issuance: starting the API server (node dist/src/main.js)');
      const gc = new GcTrace();
      server = await startApiServer(env, {
        execArgv: context.options.diagnose ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--trace-gc'] : [],
        onLine: context.options.diagnose ? (line) => gc.line(line) : undefined,
      });
      await untilProjectionsCaughtUp(db);
      const rest = await measureRest(server.pid, url);
      const { baseUrl } = server;
      const auth = { authorization: `Bearer ${fixtures.token}` };
      const target = { apiPid: server.pid, ownerUrl: url };
      const { connections, window } = { connections: context.options.connections, window: context.options.window };

      context.log('issuance: baseline GET /api/v1/auth/me');
      const baseline = await measureHttp(
        {
          label: 'GET /api/v1/auth/me (baseline)',
          url: `${server.baseUrl}/api/v1/auth/me`,
          connections,
          headers: auth,
          requests: [{ method: 'GET' }],
        },
        window,
        target,
      );
      context.log('issuance: reference GET /api/health');
      const health = await measureHttp(
        {
          label: 'GET /api/health (reference)',
          url: `${server.baseUrl}/api/health`,
          connections,
          requests: [{ method: 'GET' }],
        },
        window,
        target,
      );

      const sampled = new Set(fixtures.assignees.filter((_, index) => index % SAMPLE_EVERY === 0));
      const generator = acceptanceGenerator(
        fixtures,
        (taskId, userId) => answers.tracker?.answered(taskId, userId),
        auth,
      );
      const phase = async (label: string, overallRate?: number): Promise<IssuancePhase> => {
        context.log(`issuance: ${label}`);
        const tracker = new LagTracker(url, sampled);
        answers.tracker = tracker;
        await tracker.start();
        const acceptedBefore = await acceptedCount(db);
        let loadEndedAt = 0;
        const http = await measureHttp(
          {
            label,
            url: `${baseUrl}/api/v1/events/task/accepted`,
            connections,
            requests: [generator.request],
            overallRate,
            onWindowStart: () => tracker.beginWindow(),
            onWindowEnd: () => {
              tracker.endWindow();
              loadEndedAt = performance.now();
            },
          },
          window,
          target,
        );
        context.log('issuance: waiting for every acceptance to reach the read model');
        const [lagReport, payout] = await Promise.all([
          tracker.drain(300_000),
          untilEveryAcceptancePaid(db, loadEndedAt, 300_000),
        ]);
        return { http, lag: lagReport, payout: { ...payout, acceptedInPhase: payout.accepted - acceptedBefore } };
      };
      const saturated = await phase('POST /api/v1/events/task/accepted, closed loop');
      const pacedRate = Math.max(1, Math.round(saturated.http.perSecond * PACED_SHARE));
      const paced = await phase(`POST /api/v1/events/task/accepted, paced at ${pacedRate}/s`, pacedRate);

      const exitCode = await server.stop();
      const printed = server.output().split('\n').filter(Boolean);
      context.log(
        `issuance: the API server printed ${printed.length} lines${printed.length > 0 ? `, the last: ${printed[printed.length - 1].slice(0, 200)}` : ''}`,
      );
      server = null;
      const profile = context.options.diagnose ? await summariseCpuProfile(profileDir, saturated.http.window) : null;
      if (exitCode !== 0) context.log(`issuance: the API server exited with code ${exitCode}`);
      return report(context, {
        baseline,
        health,
        saturated,
        paced,
        rest,
        gc: context.options.diagnose ? gc.summary() : null,
        assignees: fixtures.assignees.length,
        sampledAssignees: sampled.size,
        generated: generator.count(),
        profile,
      });
    } finally {
      if (server) await server.stop();
      await answers.tracker?.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

/**
 * The server's environment in every bench that starts it: its own DATA_DIR and port on the run's
 * cluster, no demo seed, quiet logs, and limits lifted so that only the work is measured.
 */
export function benchServerEnvironment(
  context: BenchContext,
  ownerUrl: string,
  dataDir: string,
  port: number,
): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    DATABASE_URL: ownerUrl,
    APP_DATABASE_URL: context.appUrl(ownerUrl),
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO_SEED: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '1000000000',
    LOGIN_RATE_LIMIT_MAX: '1000000000',
    ACCOUNT_RATE_LIMIT_MAX: '1000000000',
    // The cap counts by the day the server records an acceptance: lifted, so every acceptance is paid in full.
    DAILY_CAP_BUZ: '1000000000',
  };
}

/** `node --trace-gc` lines → what the heap held after full collections (the rest of RSS is not the JS heap). */
class GcTrace {
  private full = 0;
  private live = 0;
  private committed = 0;

  line(text: string): void {
    // e.g. "[123:0x…]  5012 ms: Mark-Compact 88.1 (120.3) -> 61.2 (118.9) MB, …"
    const match =
      /(Mark-Compact|Scavenge|Minor Mark-Sweep)[^\d]*([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(text);
    if (!match) return;
    this.committed = Math.max(this.committed, Number(match[3]), Number(match[5]));
    if (match[1] !== 'Mark-Compact') return;
    this.full += 1;
    this.live = Math.max(this.live, Number(match[4]));
  }

  summary(): GcSummary {
    return { fullCollections: this.full, liveAfterFullMaxMb: this.live, committedMaxMb: this.committed };
  }
}

/** The idle server, projections caught up: its memory and what the feed polling alone costs. */
async function measureRest(pid: number, ownerUrl: string): Promise<Rest> {
  const probes = await openServerProbes(ownerUrl, new URL(ownerUrl).pathname.slice(1));
  try {
    await probes.start();
    const api = await sampleProcess(pid);
    await sleep(REST_MS);
    const sample = await api.stop();
    const report = await probes.stop();
    return {
      rssBytes: sample.rssMedianBytes,
      apiBusy: sample.cpuSeconds / (REST_MS / 1000),
      postgresBusy: report.postgresCpuSeconds / (REST_MS / 1000),
    };
  } finally {
    await probes.close();
  }
}

export interface Fixtures {
  token: string;
  assignees: string[];
  ventures: string[];
}

/**
 * The simplest honest route to eligible assignees: the events their KYC, device and settlement
 * commands would write, decided by the domain's own functions and appended through the event
 * store before the server starts (its projections then catch up as after any restart). The
 * integration token is minted as `npm run cli -- token create` does.
 */
export async function createFixtures(context: BenchContext, db: Database): Promise<Fixtures> {
  const store = new PostgresEventStore(db.pool);
  const at = new Date().toISOString();
  const officerId = randomUUID();
  await store.append(
    userStream(officerId),
    toAppend(userStream(officerId), officerEvents(officerId), metadataAt(at, `bench-officer-${officerId}`)),
    { expectedRevision: 'no_stream' },
  );
  const assignees = Array.from({ length: ASSIGNEES }, () => randomUUID());
  context.log(`issuance: ${ASSIGNEES} eligible assignees (KYC passed, compliant device, reputation 75)`);
  await forEachPooled(assignees, 8, async (userId) => {
    const { user, member } = eligibleMemberEvents(userId, officerId);
    await store.append(
      userStream(userId),
      toAppend(userStream(userId), user, metadataAt(at, `bench-user-${userId}`, officerId)),
      { expectedRevision: 'no_stream' },
    );
    await store.append(
      memberStream(userId),
      toAppend(memberStream(userId), member, metadataAt(at, `bench-rep-${userId}`)),
      { expectedRevision: 'no_stream' },
    );
  });
  const { token } = await createApiToken(db.knex, 'bench-issuance', 'system');
  return { token, assignees, ventures: Array.from({ length: VENTURES }, () => randomUUID()) };
}

/**
 * Unique task acceptances in a fixed rotation: request k goes to assignee k mod N, reviewed by
 * the next two, accepted now. The server runs with the daily cap lifted, so the cap never
 * withholds and every answer is a BUZ issuance.
 */
export function acceptanceGenerator(
  fixtures: Fixtures,
  answered: (taskId: string, assigneeId: string) => void,
  headers: Record<string, string>,
): { request: autocannon.Request; count(): number } {
  const { assignees, ventures } = fixtures;
  const runTag = randomUUID().slice(0, 8);
  let next = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/api/v1/events/task/accepted',
    headers: { ...headers, 'content-type': 'application/json' },
    setupRequest: (params, context) => {
      const k = next++;
      const n = assignees.length;
      const assigneeId = assignees[k % n];
      const taskId = `bench-${runTag}-${k}`;
      const acceptedAt = new Date().toISOString();
      context.taskId = taskId;
      context.assigneeId = assigneeId;
      const body = {
        taskId,
        ventureId: ventures[k % ventures.length],
        assigneeId,
        tier: 'A',
        quality: 4,
        reviewerIds: [assignees[(k + 1) % n], assignees[(k + 2) % n]],
        acceptedAt,
      };
      return { ...params, body: JSON.stringify(body) };
    },
    onResponse: (status, _body, context) => {
      if (status >= 200 && status < 300) answered(context.taskId as string, context.assigneeId as string);
    },
  };
  return { request, count: () => next };
}

/** From the checkpoints and the feed, as the status page computes lag (/api/health no longer counts it). */
export async function untilProjectionsCaughtUp(db: Database): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const statuses = await projectionStatuses(db.knex, db.pool, new Set());
    if (statuses.length > 0 && statuses.every((projection) => projection.eventsBehind === 0)) return;
    if (Date.now() > deadline) throw new Error('the projections did not catch up with the fixtures within 120 s');
    await sleep(200);
  }
}

export async function acceptedCount(db: Database): Promise<number> {
  const { rows } = await db.pool.query<{ accepted: number }>(
    `select count(*)::int as accepted from events where type = 'TaskAccepted'`,
  );
  return rows[0].accepted;
}

/** Every TaskAccepted in the store (answered or not) ends as exactly one wallet_ledgers row. */
export async function untilEveryAcceptancePaid(db: Database, loadEndedAt: number, timeoutMs: number): Promise<Payout> {
  for (;;) {
    const { rows } = await db.pool.query<{ accepted: number; issued: number; withheld: number }>(
      `select (select count(*)::int from events where type = 'TaskAccepted') as accepted,
              (select count(*)::int from wallet_ledgers where type = 'BuzIssued') as issued,
              (select count(*)::int from wallet_ledgers where type = 'BuzIssuanceWithheld') as withheld`,
    );
    const counts = rows[0];
    const waited = performance.now() - loadEndedAt;
    if (counts.issued + counts.withheld >= counts.accepted || waited > timeoutMs) return { ...counts, drainMs: waited };
    await sleep(100);
  }
}
