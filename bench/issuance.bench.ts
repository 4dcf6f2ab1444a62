import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { createApiToken } from '../src/identity/accounts/api-token.service';
import { userStream } from '../src/identity/domain/user.events';
import { connectDatabase, type Database } from '../src/platform/database/database';
import { PostgresEventStore } from '../src/platform/event-store/postgres/postgres-event-store';
import { ALL_PROJECTIONS } from '../src/platform/projections/projections.module';
import { projectionStatuses } from '../src/ledger/status/projection-status';
import { memberStream } from '../src/progress/domain/member.events';
import { freePort, sampleProcess, sleep, startApiServer, type ApiServer } from './api-server';
import type { BenchContext, Benchmark, BenchReport, Table, TargetCheck } from './benchmark';
import { summariseCpuProfile, type ProfileSummary } from './cpu-profile';
import { measureHttp, type HttpLoadResult } from './http-load';
import { eligibleMemberEvents, forEachPooled, metadataAt, officerEvents, toAppend } from './ledger-fixtures';
import { LAG_POLL_MS, LagTracker, type LagReport } from './projection-lag';
import { openServerProbes } from './server-probes';

const ASSIGNEES = 1000;
/** Every SAMPLE_EVERY-th assignee's tasks are followed into the read model. */
const SAMPLE_EVERY = 10;
const VENTURES = 8;
const FIRST_DAY = Date.UTC(2026, 0, 1);
const MB = 1024 * 1024;
/** The paced run offers this share of the closed-loop throughput, to show latency and lag below saturation. */
const PACED_SHARE = 0.5;

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
    const answers: { tracker: LagTracker | null } = { tracker: null };
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
      const baseline = await measureHttp({ label: 'GET /api/v1/auth/me (baseline)', url: `${server.baseUrl}/api/v1/auth/me`, connections, headers: auth, requests: [{ method: 'GET' }] }, window, target);
      context.log('issuance: reference GET /api/health');
      const health = await measureHttp({ label: 'GET /api/health (reference)', url: `${server.baseUrl}/api/health`, connections, requests: [{ method: 'GET' }] }, window, target);

      const sampled = new Set(fixtures.assignees.filter((_, index) => index % SAMPLE_EVERY === 0));
      const generator = acceptanceGenerator(fixtures, (taskId, userId) => answers.tracker?.answered(taskId, userId), auth);
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
        const [lagReport, payout] = await Promise.all([tracker.drain(300_000), untilEveryAcceptancePaid(db, loadEndedAt, 300_000)]);
        return { http, lag: lagReport, payout: { ...payout, acceptedInPhase: payout.accepted - acceptedBefore } };
      };
      const saturated = await phase('POST /api/v1/events/task/accepted, closed loop');
      const pacedRate = Math.max(1, Math.round(saturated.http.perSecond * PACED_SHARE));
      const paced = await phase(`POST /api/v1/events/task/accepted, paced at ${pacedRate}/s`, pacedRate);

      const exitCode = await server.stop();
      const printed = server.output().split('\n').filter(Boolean);
      context.log(`issuance: the API server printed ${printed.length} lines${printed.length > 0 ? `, the last: ${printed[printed.length - 1].slice(0, 200)}` : ''}`);
      server = null;
      const profile = context.options.diagnose ? await summariseCpuProfile(profileDir, saturated.http.window) : null;
      if (exitCode !== 0) context.log(`issuance: the API server exited with code ${exitCode}`);
      return report(context, { baseline, health, saturated, paced, rest, gc: context.options.diagnose ? gc.summary() : null, assignees: fixtures.assignees.length, sampledAssignees: sampled.size, generated: generator.count(), profile });
    } finally {
      if (server) await server.stop();
      await answers.tracker?.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

interface GcSummary {
  fullCollections: number;
  /** Largest heap still live after a full (mark-compact) collection, MB. */
  liveAfterFullMaxMb: number;
  /** Largest heap V8 had reserved, MB. */
  committedMaxMb: number;
}

/** `node --trace-gc` lines → what the heap held after full collections (the rest of RSS is not the JS heap). */
class GcTrace {
  private full = 0;
  private live = 0;
  private committed = 0;

  line(text: string): void {
    // e.g. "[123:0x…]  5012 ms: Mark-Compact 88.1 (120.3) -> 61.2 (118.9) MB, …"
    const match = /(Mark-Compact|Scavenge|Minor Mark-Sweep)[^\d]*([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/.exec(text);
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

interface Rest {
  rssBytes: number;
  /** Share of a core each used with no request at all: the projection runners and the reactor polling the feed. */
  apiBusy: number;
  postgresBusy: number;
}

const REST_MS = 3000;

/** The idle server, projections caught up: its memory and what the feed polling alone costs. */
async function measureRest(pid: number, ownerUrl: string): Promise<Rest> {
  const probes = await openServerProbes(ownerUrl, new URL(ownerUrl).pathname.slice(1));
  try {
    await probes.start();
    const api = await sampleProcess(pid);
    await sleep(REST_MS);
    const sample = await api.stop();
    const report = await probes.stop();
    return { rssBytes: sample.rssMedianBytes, apiBusy: sample.cpuSeconds / (REST_MS / 1000), postgresBusy: report.postgresCpuSeconds / (REST_MS / 1000) };
  } finally {
    await probes.close();
  }
}

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
function acceptanceGenerator(fixtures: Fixtures, answered: (taskId: string, assigneeId: string) => void, headers: Record<string, string>): { request: autocannon.Request; count(): number } {
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
      if (status >= 200 && status < 300) answered(context.taskId as string, context.assigneeId as string);
    },
  };
  return { request, count: () => next };
}

/** From the checkpoints and the feed, as the status page computes lag (/api/health no longer counts it). */
async function untilProjectionsCaughtUp(db: Database): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const statuses = await projectionStatuses(db.knex, db.pool, new Set());
    if (statuses.length > 0 && statuses.every((projection) => projection.eventsBehind === 0)) return;
    if (Date.now() > deadline) throw new Error('the projections did not catch up with the fixtures within 120 s');
    await sleep(200);
  }
}

interface Payout {
  accepted: number;
  issued: number;
  withheld: number;
  /** From the end of the load until every acceptance in the store was paid in the read model. */
  drainMs: number;
}

interface IssuancePhase {
  http: HttpLoadResult;
  lag: LagReport;
  payout: Payout & { acceptedInPhase: number };
}

async function acceptedCount(db: Database): Promise<number> {
  const { rows } = await db.pool.query<{ accepted: number }>(`select count(*)::int as accepted from events where type = 'TaskAccepted'`);
  return rows[0].accepted;
}

/** Every TaskAccepted in the store (answered or not) ends as exactly one wallet_ledgers row. */
async function untilEveryAcceptancePaid(db: Database, loadEndedAt: number, timeoutMs: number): Promise<Payout> {
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

interface IssuanceFigures {
  baseline: HttpLoadResult;
  health: HttpLoadResult;
  saturated: IssuancePhase;
  paced: IssuancePhase;
  rest: Rest;
  gc: GcSummary | null;
  assignees: number;
  sampledAssignees: number;
  generated: number;
  profile: ProfileSummary | null;
}

function report(context: BenchContext, figures: IssuanceFigures): BenchReport {
  const { baseline, health, saturated, paced } = figures;
  const issuance = saturated.http;
  const lag = saturated.lag;
  const targets: TargetCheck[] = [
    { target: 'HTTP issuance requests/s', measured: `${issuance.perSecond.toFixed(0)} (${(issuance.perSecond / baseline.perSecond).toFixed(2)}× baseline)`, goal: '≥ 1,500/s', met: issuance.perSecond >= 1500 },
    { target: 'HTTP issuance p99 latency', measured: `${issuance.latencyMs.p99} ms`, goal: '≤ 50 ms', met: issuance.latencyMs.p99 <= 50 },
    { target: 'HTTP issuance projection lag p99', measured: `${lag.p99Ms.toFixed(0)} ms`, goal: '≤ 250 ms', met: lag.seen === lag.sampled && lag.p99Ms <= 250 },
    { target: 'HTTP issuance API RSS (peak)', measured: `${(issuance.api.rssPeakBytes / MB).toFixed(0)} MB`, goal: '≤ 250 MB', met: issuance.api.rssPeakBytes <= 250 * MB },
  ];
  const loads = [baseline, health, saturated.http, paced.http];
  const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}×`;
  const throughput: Table = {
    title: `Requests per second, latency and memory (baseline: GET /api/v1/auth/me with the same token, same server, same run; ${context.options.connections} connections)`,
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
  const cpuPerAnswer = (load: HttpLoadResult) => (load.api.cpuSeconds + load.probes.postgresCpuSeconds + load.clientCpuSeconds) / Math.max(1, load.ok);
  const evidence: Table = {
    title: 'Where the time goes, per 2xx answer, over the measured window (the API process includes its projection runners and the earning reactor)',
    columns: ['Workload', 'API process CPU µs', 'API process busy', 'PostgreSQL CPU µs', 'load generator CPU µs', 'all three µs', 'machine CPU busy', 'PostgreSQL transactions (reads included)', 'WAL fsyncs', 'client backends were (sampled every 50 ms)'],
    rows: loads.map((load) => {
      const per = (value: number) => ((value / Math.max(1, load.ok)) * 1e6).toFixed(0);
      return [
        load.label,
        per(load.api.cpuSeconds),
        `${((load.api.cpuSeconds / load.seconds) * 100).toFixed(0)}% of a core`,
        per(load.probes.postgresCpuSeconds),
        per(load.clientCpuSeconds),
        (cpuPerAnswer(load) * 1e6).toFixed(0),
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
  const lagRow = (phase: IssuancePhase) => [
    phase.http.label,
    String(phase.lag.sampled),
    String(phase.lag.seen),
    phase.lag.p50Ms.toFixed(0),
    phase.lag.p99Ms.toFixed(0),
    phase.lag.maxMs.toFixed(0),
    `${(phase.payout.drainMs / 1000).toFixed(1)} s`,
  ];
  const lagTable: Table = {
    title: 'Projection lag: 2xx answer → the task’s BuzIssued row visible in wallet_ledgers',
    columns: ['Workload', 'sampled answers', 'seen', 'p50 ms', 'p99 ms', 'max ms', 'every acceptance paid, after the load stopped'],
    rows: [lagRow(saturated), lagRow(paced)],
  };
  const { window, connections } = context.options;
  const loadSeconds = (window.warmupMs + window.durationMs) / 1000;
  const sustained = (phase: IssuancePhase) => phase.payout.acceptedInPhase / (loadSeconds + phase.payout.drainMs / 1000);
  const final = paced.payout;
  const notes = [
    `Server: \`node dist/src/main.js\` as a child process, DATA_DIR a temporary directory, DATABASE_URL a fresh database on the run's cluster, DEMO_SEED=false, LOG_LEVEL=warn, RATE_LIMIT_MAX and LOGIN_RATE_LIMIT_MAX 10⁹, every other setting at its default (DB_POOL_SIZE 20, PROJECTION_BATCH_SIZE 500, PROJECTION_POLL_MS 50). At rest (projections caught up, before any load, ${REST_MS / 1000} s): RSS ${(figures.rest.rssBytes / MB).toFixed(0)} MB; the API process used ${(figures.rest.apiBusy * 100).toFixed(0)}% of a core and PostgreSQL ${(figures.rest.postgresBusy * 100).toFixed(0)}% just for following the feed (${ALL_PROJECTIONS.length} projections and the reactor sharing one tail read every 50 ms) and the jobs.${context.options.diagnose ? ' This run used `--diagnose`: the server ran under `node --cpu-prof`, which keeps its samples in memory, so its RSS is higher than without.' : ''}`,
    `Load: autocannon 8.0.0 in the bench process, ${connections} connections, ${window.warmupMs / 1000} s warm-up run (discarded) then ${window.durationMs / 1000} s measured, for each workload in turn on the same server and database, in the order listed. Closed loop: each connection sends its next request when the answer arrives. Paced: autocannon's overallRate at ${PACED_SHARE * 100}% of the closed-loop 2xx/s, latencies corrected for coordinated omission. Latency is autocannon's (request written → answer parsed).`,
    `Assignees: ${figures.assignees} eligible members written before the server starts, as the events their commands would write (registered; KYC submitted and PASSED by a compliance officer; one compliant device; ReputationSettled at 75 points), decided by the domain's own functions and appended through PostgresEventStore. The system token is minted by createApiToken, as \`npm run cli -- token create\` does.`,
    `Requests: unique taskIds; request k is for assignee k mod ${figures.assignees}, reviewed by the next two assignees, tier A, quality 4, accepted on day 2026-01-01 + ⌊k / ${figures.assignees}⌋, so no assignee reaches the daily cap and every acceptance is paid. ${figures.generated} acceptances generated in all (warm-ups included).`,
    `Payout check: after each phase every TaskAccepted in the store (${final.accepted} at the end) became a wallet_ledgers row: ${final.issued} BuzIssued, ${final.withheld} BuzIssuanceWithheld. End to end (acceptances of the phase ÷ its load time + drain) the loop paid ${sustained(saturated).toFixed(0)}/s in the closed-loop phase and ${sustained(paced).toFixed(0)}/s in the paced one.`,
    `Projection lag: every task of ${figures.sampledAssignees} assignees (1 in ${SAMPLE_EVERY}) answered 2xx in the measured window, followed by a poller that reads only newer wallet_ledgers rows of those wallets every ${LAG_POLL_MS} ms by primary key; a row counts from the moment the poll that returned it was sent, so lags are upper bounds (≤ ${LAG_POLL_MS} ms + one poll high); its queries (${1000 / LAG_POLL_MS}/s) are part of the PostgreSQL CPU of the POST rows. The path: TaskAccepted committed → the earning_process reactor polls the feed → IssueBuz (and AwardTaskXp) append → the wallets projection polls the feed and commits the row.`,
    'Baseline: GET /api/v1/auth/me with the system token authenticates exactly as the POST does (one indexed api_tokens lookup), passes the same middleware (rate limit, access guard, request logger) and answers from the principal alone, so the ratio shows what the command costs over the framework. GET /api/health (two queries: the projection checkpoints and one feed row) is a second reference.',
  ];
  return { title: 'HTTP issuance', tables: [throughput, evidence, lagTable, ...(figures.profile?.tables ?? [])], targets, notes, limits: limits(figures, targets) };
}

/** "What limits it", for each missed target, from this run's own figures. */
function limits(figures: IssuanceFigures, targets: TargetCheck[]): string[] {
  const { baseline, saturated, paced } = figures;
  const issuance = saturated.http;
  const missed = (name: string) => targets.some((check) => check.target === name && !check.met);
  const us = (seconds: number, load: HttpLoadResult) => ((seconds / Math.max(1, load.ok)) * 1e6).toFixed(0);
  const all = (load: HttpLoadResult) => load.api.cpuSeconds + load.probes.postgresCpuSeconds + load.clientCpuSeconds;
  const paragraphs: string[] = [];
  if (missed('HTTP issuance requests/s')) {
    paragraphs.push(
      `**Requests/s: CPU.** The machine was ${(issuance.probes.machineBusyShare * 100).toFixed(0)}% busy during the closed-loop run. Each issuance cost ${us(issuance.api.cpuSeconds, issuance)} µs of API-process CPU, ${us(issuance.probes.postgresCpuSeconds, issuance)} µs of PostgreSQL CPU and ${us(issuance.clientCpuSeconds, issuance)} µs of load-generator CPU: ${us(all(issuance), issuance)} µs in all, so two cores hold at most ${(2 / (all(issuance) / Math.max(1, issuance.ok))).toFixed(0)} of them per second. ` +
        `The framework alone is already far from the goal: the authenticated no-op GET reached ${baseline.perSecond.toFixed(0)}/s at ${us(baseline.api.cpuSeconds, baseline)} µs of API CPU per answer (${us(all(baseline), baseline)} µs with PostgreSQL and the load generator), so 1,500/s would need ${((1500 * all(baseline)) / Math.max(1, baseline.ok)).toFixed(1)} cores before any command runs. ` +
        `On top of that one issuance is ${(issuance.probes.commits / Math.max(1, issuance.ok)).toFixed(1)} PostgreSQL transactions (the task stream read and append — the token lookup is cached for API_TOKEN_CACHE_MS; then, per reactor batch, the facts of its members read once and one BuzIssued and one XpAwarded append per wallet and member; then every projection's batch, the tail read once per instance for all of them), and the API process also runs the reactor and ${ALL_PROJECTIONS.length} projection runners that follow the feed. ` +
        (figures.profile
          ? `Its CPU profile (\`--diagnose\`) is led by ${figures.profile.topFunctions
              .slice(0, 3)
              .map((entry) => `${entry.name} (${(entry.share * 100).toFixed(0)}%)`)
              .join(', ')}${
              figures.profile.topFunctions[0]?.name.startsWith('writev')
                ? ': the leading native write is the API thread handing a message to a socket (a query to PostgreSQL, an answer to the client); a write to a local socket wakes the receiving process, and with two cores shared by the API, PostgreSQL and the load generator the API thread is most likely waiting there for a core rather than for I/O (its process was busy less of the window than the profile has it sampled).'
                : '.'
            }`
          : 'Run with `--diagnose` for the API process\'s CPU profile.'),
    );
  }
  if (missed('HTTP issuance p99 latency')) {
    paragraphs.push(
      `**p99 latency: queueing at saturation.** With ${issuance.connections} connections in a closed loop the mean latency is ${issuance.connections} ÷ throughput (Little's law: ${issuance.connections} ÷ ${issuance.perSecond.toFixed(0)}/s = ${((issuance.connections / issuance.perSecond) * 1000).toFixed(0)} ms); the p99 (${issuance.latencyMs.p99} ms) adds the stalls when the reactor's and projections' batches take the CPU. ` +
        `Paced at ${paced.http.perSecond.toFixed(0)}/s (half of saturation) the same request answered in p50 ${paced.http.latencyMs.p50} ms, p99 ${paced.http.latencyMs.p99} ms: ${paced.http.latencyMs.p99 <= 50 ? 'within the goal, so the request path itself is fast enough and only throughput is missing' : 'still above the goal, so the per-request work itself (two round trips for the token and the task stream, the append) plus the background pipeline competing for the same two cores is the limit, not only queueing'}.`,
    );
  }
  if (missed('HTTP issuance projection lag p99')) {
    paragraphs.push(
      `**Projection lag: the background pipeline falls behind the intake.** An answer becomes a wallet row only after two feed hops through the shared tail reader (read every 50 ms, or 20 ms after an append on the instance): the earning_process reactor (per batch: the members' facts read once, then one append per wallet and per member stream) and then the wallets projection (three statements per event, row by row). ` +
        `The feed also shows a row only once every older write transaction has ended (tx_id < pg_snapshot_xmin), and a projection's batch transaction counts: while the slowest row-by-row batch (wallets, user_profiles, ventures) is open, no follower sees anything appended after it began, so every hop waits for the slowest projection. ` +
        `In the closed-loop run the HTTP side took the CPU and the backlog grew for the whole window: every acceptance was paid only ${(saturated.payout.drainMs / 1000).toFixed(1)} s after the load stopped, and the lag p50 was ${saturated.lag.p50Ms.toFixed(0)} ms. ` +
        `Paced at half that rate the lag was p50 ${paced.lag.p50Ms.toFixed(0)} ms, p99 ${paced.lag.p99Ms.toFixed(0)} ms${paced.lag.p99Ms <= 250 ? ' — within the goal once the pipeline is not starved' : ', so even below saturation the reactor pays slower than requests arrive on this machine'}.`,
    );
  }
  if (missed('HTTP issuance API RSS (peak)')) {
    paragraphs.push(
      `**RSS.** The server holds ${(figures.rest.rssBytes / MB).toFixed(0)} MB at rest (Node, Nest, every module, two pools) and peaked at ${(issuance.api.rssPeakBytes / MB).toFixed(0)} MB under load${figures.profile ? '; this run profiled the server (`--diagnose`), whose sample buffer adds to RSS' : ''}. ` +
        (figures.gc
          ? `Of that, the JS heap: after each of its ${figures.gc.fullCollections} full collections at most ${figures.gc.liveAfterFullMaxMb.toFixed(0)} MB was still live, while V8 held up to ${figures.gc.committedMaxMb.toFixed(0)} MB for the heap (\`node --trace-gc\`); the rest of RSS is code, native memory and buffers.`
          : 'Run with `--diagnose` to see how much of it is live JS heap (`node --trace-gc`).'),
    );
  }
  return paragraphs;
}
