import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { createApiToken } from '../src/identity/accounts/api-token.service';
import { userStream } from '../src/identity/domain/user.events';
import { connectDatabase, type Database } from '../src/platform/database/database';
import { PostgresEventStore } from '../src/platform/event-store/postgres/postgres-event-store';
import { memberStream } from '../src/progress/domain/member.events';
import { freePort, sleep, startApiServer, type ApiServer } from './api-server';
import type { BenchContext, Benchmark, BenchReport, Table, TargetCheck } from './benchmark';
import { summariseCpuProfile } from './cpu-profile';
import { measureHttp, type HttpLoadResult } from './http-load';
import { eligibleMemberEvents, forEachPooled, metadataAt, officerEvents, toAppend } from './ledger-fixtures';
import { LAG_POLL_MS, LagTracker, type LagReport } from './projection-lag';

const ASSIGNEES = 1000;
/** Every SAMPLE_EVERY-th assignee's tasks are followed into the read model. */
const SAMPLE_EVERY = 10;
const VENTURES = 8;
const FIRST_DAY = Date.UTC(2026, 0, 1);
const MB = 1024 * 1024;

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
    const db = connectDatabase(url, { poolSize: 8, applicationName: 'bench-issuance' });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-bench-api-'));
    let server: ApiServer | null = null;
    let lag: LagTracker | null = null;
    try {
      const fixtures = await createFixtures(context, db);
      const profileDir = path.join(dataDir, 'cpu-profile');
      if (context.options.diagnose) await mkdir(profileDir);
      const env = {
        DATA_DIR: dataDir,
        DATABASE_URL: url,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DEMO_SEED: 'false',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '1000000000',
        LOGIN_RATE_LIMIT_MAX: '1000000000',
      };
      context.log('issuance: starting the API server (node dist/src/main.js)');
      server = await startApiServer(env, { execArgv: context.options.diagnose ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
      await untilProjectionsCaughtUp(server.baseUrl);
      const auth = { authorization: `Bearer ${fixtures.token}` };
      const target = { apiPid: server.pid, ownerUrl: url };
      const { connections, window } = { connections: context.options.connections, window: context.options.window };

      context.log('issuance: baseline GET /api/v1/auth/me');
      const baseline = await measureHttp({ label: 'GET /api/v1/auth/me (baseline)', url: `${server.baseUrl}/api/v1/auth/me`, connections, headers: auth, requests: [{ method: 'GET' }] }, window, target);
      context.log('issuance: reference GET /api/health');
      const health = await measureHttp({ label: 'GET /api/health (reference)', url: `${server.baseUrl}/api/health`, connections, requests: [{ method: 'GET' }] }, window, target);

      context.log('issuance: POST /api/v1/events/task/accepted');
      const sampled = new Set(fixtures.assignees.filter((_, index) => index % SAMPLE_EVERY === 0));
      const tracker = new LagTracker(url, sampled);
      lag = tracker;
      await tracker.start();
      const generator = acceptanceGenerator(fixtures, tracker, auth);
      const issuance = await measureHttp(
        { label: 'POST /api/v1/events/task/accepted', url: `${server.baseUrl}/api/v1/events/task/accepted`, connections, requests: [generator.request], onWindowStart: () => tracker.beginWindow(), onWindowEnd: () => tracker.endWindow() },
        window,
        target,
      );
      context.log('issuance: waiting for every sampled task to reach the read model');
      const lagReport = await tracker.drain(300_000);
      const payout = await untilEveryAcceptancePaid(db, 300_000);

      const exitCode = await server.stop();
      server = null;
      const profile = context.options.diagnose ? await summariseCpuProfile(profileDir, issuance.window) : null;
      if (exitCode !== 0) context.log(`issuance: the API server exited with code ${exitCode}`);
      return report(context, { baseline, health, issuance, lag: lagReport, payout, assignees: fixtures.assignees.length, sampledAssignees: sampled.size, generated: generator.count(), profile });
    } finally {
      if (server) await server.stop();
      await lag?.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

interface Fixtures {
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
async function createFixtures(context: BenchContext, db: Database): Promise<Fixtures> {
  const store = new PostgresEventStore(db.pool);
  const at = new Date().toISOString();
  const officerId = randomUUID();
  await store.append(userStream(officerId), toAppend(userStream(officerId), officerEvents(officerId), metadataAt(at, `bench-officer-${officerId}`)), { expectedRevision: 'no_stream' });
  const assignees = Array.from({ length: ASSIGNEES }, () => randomUUID());
  context.log(`issuance: ${ASSIGNEES} eligible assignees (KYC passed, compliant device, reputation 75)`);
  await forEachPooled(assignees, 8, async (userId) => {
    const { user, member } = eligibleMemberEvents(userId, officerId);
    await store.append(userStream(userId), toAppend(userStream(userId), user, metadataAt(at, `bench-user-${userId}`, officerId)), { expectedRevision: 'no_stream' });
    await store.append(memberStream(userId), toAppend(memberStream(userId), member, metadataAt(at, `bench-rep-${userId}`)), { expectedRevision: 'no_stream' });
  });
  const { token } = await createApiToken(db.knex, 'bench-issuance', 'system');
  return { token, assignees, ventures: Array.from({ length: VENTURES }, () => randomUUID()) };
}

/**
 * Unique task acceptances in a fixed rotation: request k goes to assignee k mod N, reviewed by
 * the next two, accepted on day FIRST_DAY + ⌊k / N⌋ — one task per assignee per day, so the
 * daily cap never withholds and every answer is a BUZ issuance.
 */
function acceptanceGenerator(fixtures: Fixtures, lag: LagTracker, headers: Record<string, string>): { request: autocannon.Request; count(): number } {
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
      const acceptedAt = `${new Date(FIRST_DAY + Math.floor(k / n) * 86_400_000).toISOString().slice(0, 10)}T09:15:00Z`;
      context.taskId = taskId;
      context.assigneeId = assigneeId;
      const body = { taskId, ventureId: ventures[k % ventures.length], assigneeId, tier: 'A', quality: 4, reviewerIds: [assignees[(k + 1) % n], assignees[(k + 2) % n]], acceptedAt };
      return { ...params, body: JSON.stringify(body) };
    },
    onResponse: (status, _body, context) => {
      if (status >= 200 && status < 300) lag.answered(context.taskId as string, context.assigneeId as string);
    },
  };
  return { request, count: () => next };
}

async function untilProjectionsCaughtUp(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${baseUrl}/api/health`).catch(() => null);
    const body = response?.ok ? ((await response.json()) as { projections: Array<{ eventsBehind: number }> }) : null;
    if (body && body.projections.length > 0 && body.projections.every((projection) => projection.eventsBehind === 0)) return;
    if (Date.now() > deadline) throw new Error('the projections did not catch up with the fixtures within 120 s');
    await sleep(200);
  }
}

interface Payout {
  accepted: number;
  issued: number;
  withheld: number;
  /** Time from the end of the load until the last acceptance was paid in the read model. */
  drainMs: number;
}

/** Every TaskAccepted in the store (answered or not) ends as exactly one BuzIssued row. */
async function untilEveryAcceptancePaid(db: Database, timeoutMs: number): Promise<Payout> {
  const started = performance.now();
  for (;;) {
    const { rows } = await db.pool.query<{ accepted: number; issued: number; withheld: number }>(
      `select (select count(*)::int from events where type = 'TaskAccepted') as accepted,
              (select count(*)::int from wallet_ledgers where type = 'BuzIssued') as issued,
              (select count(*)::int from wallet_ledgers where type = 'BuzIssuanceWithheld') as withheld`,
    );
    const counts = rows[0];
    if (counts.issued + counts.withheld >= counts.accepted || performance.now() - started > timeoutMs) return { ...counts, drainMs: performance.now() - started };
    await sleep(100);
  }
}

interface IssuanceFigures {
  baseline: HttpLoadResult;
  health: HttpLoadResult;
  issuance: HttpLoadResult;
  lag: LagReport;
  payout: Payout;
  assignees: number;
  sampledAssignees: number;
  generated: number;
  profile: Table[] | null;
}

function report(context: BenchContext, figures: IssuanceFigures): BenchReport {
  const { baseline, health, issuance, lag, payout } = figures;
  const targets: TargetCheck[] = [
    { target: 'HTTP issuance requests/s', measured: `${issuance.perSecond.toFixed(0)} (${(issuance.perSecond / baseline.perSecond).toFixed(2)}× baseline)`, goal: '≥ 1,500/s', met: issuance.perSecond >= 1500 },
    { target: 'HTTP issuance p99 latency', measured: `${issuance.latencyMs.p99} ms`, goal: '≤ 50 ms', met: issuance.latencyMs.p99 <= 50 },
    { target: 'HTTP issuance projection lag p99', measured: `${lag.p99Ms.toFixed(0)} ms`, goal: '≤ 250 ms', met: lag.seen === lag.sampled && lag.p99Ms <= 250 },
    { target: 'HTTP issuance API RSS (peak)', measured: `${(issuance.api.rssPeakBytes / MB).toFixed(0)} MB`, goal: '≤ 250 MB', met: issuance.api.rssPeakBytes <= 250 * MB },
  ];
  const loads = [baseline, health, issuance];
  const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
  const throughput: Table = {
    title: `Requests per second, latency and memory (baseline: GET /api/v1/auth/me with the same token, same run; ${context.options.connections} connections)`,
    columns: ['Workload', '2xx/s', '× baseline', 'p50 ms', 'p99 ms', 'max ms', 'p99 × baseline', 'non-2xx / errors', 'API RSS peak MB', 'API RSS median MB'],
    rows: loads.map((load) => [
      load.label,
      load.perSecond.toFixed(0),
      ratio(load.perSecond, baseline.perSecond),
      String(load.latencyMs.p50),
      String(load.latencyMs.p99),
      String(load.latencyMs.max),
      ratio(load.latencyMs.p99, baseline.latencyMs.p99),
      `${load.non2xx} / ${load.errors + load.timeouts}`,
      (load.api.rssPeakBytes / MB).toFixed(0),
      (load.api.rssMedianBytes / MB).toFixed(0),
    ]),
  };
  const evidence: Table = {
    title: 'Where the time goes, per 2xx answer, over the measured window',
    columns: ['Workload', 'API process CPU µs', 'API process CPU busy', 'PostgreSQL CPU µs', 'load generator CPU µs', 'machine CPU busy', 'commits', 'WAL fsyncs', 'client backends were (sampled every 50 ms)'],
    rows: loads.map((load) => {
      const per = (value: number) => ((value / Math.max(1, load.ok)) * 1e6).toFixed(0);
      return [
        load.label,
        per(load.api.cpuSeconds),
        `${((load.api.cpuSeconds / load.seconds) * 100).toFixed(0)}% of one core`,
        per(load.probes.postgresCpuSeconds),
        per(load.clientCpuSeconds),
        `${(load.probes.machineBusyShare * 100).toFixed(0)}%`,
        (load.probes.commits / Math.max(1, load.ok)).toFixed(1),
        (load.probes.walFsyncs / Math.max(1, load.ok)).toFixed(2),
        load.probes.waits
          .slice(0, 4)
          .map((wait) => `${wait.label} ${(wait.share * 100).toFixed(0)}%`)
          .join(', '),
      ];
    }),
  };
  const lagTable: Table = {
    title: 'Projection lag: 2xx answer → the task’s BuzIssued row visible in wallet_ledgers',
    columns: ['Sampled answers', 'seen', 'p50 ms', 'p99 ms', 'max ms', 'last sampled row seen after the load stopped'],
    rows: [[String(lag.sampled), String(lag.seen), lag.p50Ms.toFixed(0), lag.p99Ms.toFixed(0), lag.maxMs.toFixed(0), `${(lag.drainMs / 1000).toFixed(1)} s`]],
  };
  const { window } = context.options;
  const loadSeconds = (window.warmupMs + window.durationMs) / 1000;
  const notes = [
    `Server: \`node dist/src/main.js\` as a child process, DATA_DIR a temporary directory, DATABASE_URL a fresh database on the run's cluster, DEMO_SEED=false, LOG_LEVEL=warn, RATE_LIMIT_MAX and LOGIN_RATE_LIMIT_MAX 10⁹, every other setting at its default (DB_POOL_SIZE 20, PROJECTION_BATCH_SIZE 500, PROJECTION_POLL_MS 50).`,
    `Load: autocannon 8.0.0 in the bench process, ${context.options.connections} connections, closed loop (each connection sends its next request when the answer arrives), ${window.warmupMs / 1000} s warm-up run (discarded) then ${window.durationMs / 1000} s measured, for each workload in turn. Latencies are autocannon's (request written → answer parsed). The three workloads share one server and one database, in the order listed.`,
    `Assignees: ${figures.assignees} eligible members written before the server starts, as the events their commands would write (registered; KYC submitted and PASSED by a compliance officer; one compliant device; ReputationSettled at 75 points), decided by the domain's own functions and appended through PostgresEventStore. The system token is minted by createApiToken, as \`npm run cli -- token create\` does.`,
    `Requests: unique taskIds; request k is for assignee k mod ${figures.assignees}, reviewed by the next two assignees, tier A, quality 4, accepted on day 2026-01-01 + ⌊k / ${figures.assignees}⌋, so no assignee reaches the daily cap and every acceptance is paid. ${figures.generated} acceptances were generated in all (warm-up included).`,
    `Payout check after the load: ${payout.accepted} TaskAccepted events in the store, ${payout.issued} BuzIssued and ${payout.withheld} BuzIssuanceWithheld rows in wallet_ledgers; the last one appeared ${(payout.drainMs / 1000).toFixed(1)} s after the load stopped, i.e. ${(payout.issued / (loadSeconds + payout.drainMs / 1000)).toFixed(0)} issuances/s sustained end to end over the issuance phase.`,
    `Projection lag: every task of ${figures.sampledAssignees} assignees (1 in ${SAMPLE_EVERY}) answered 2xx in the measured window, followed by a poller that reads only newer wallet_ledgers rows of those wallets every ${LAG_POLL_MS} ms by primary key; a row counts from the moment the poll that returned it was sent, so lags are upper bounds (≤ ${LAG_POLL_MS} ms + one poll high). The path is: TaskAccepted committed → the earning_process reactor polls the feed → IssueBuz appends BuzIssued → the wallets projection polls the feed and commits the row.`,
    'GET /api/v1/auth/me with a system token authenticates exactly as the POST does (one indexed api_tokens lookup), passes the same middleware (rate limit, access guard, logger) and answers from the principal alone: the ratio shows what the command itself costs over the framework. GET /api/health (about a dozen queries: checkpoints and feed lag per projection) is a second reference.',
  ];
  return { title: 'HTTP issuance', tables: [throughput, evidence, lagTable, ...(figures.profile ?? [])], targets, notes };
}
