import { randomInt, randomUUID } from 'node:crypto';
import { startEmbeddedPostgres } from '../../src/platform/database/embedded-postgres';
import type { EventToAppend } from '../../src/platform/event-store/event-store.port';
import { derivedId } from '../../src/shared-kernel/ids';
import {
  acknowledgedWritesChecks,
  auditBundleCheck,
  checkpointAccountingChecks,
  cliChecks,
  FOLLOWER_NAMES,
  processManagerChecks,
  type Check,
  type DirectWrites,
} from './checks';
import { LedgerDb, type OpenTransaction } from './ledger-db';
import { Load } from './load';
import { call, type Fixtures } from './setup';
import { sleep, type ServerUnderTest } from './server';

export interface DrillOptions {
  workers: number;
  /** Seconds of load before the fault, and after it (or after the restart). */
  loadBeforeS: number;
  loadAfterS: number;
  /** Events appended while the server is down in the projection-runner drill. */
  backlogEvents: number;
  /** Skip the CLI rebuilds/verify and the audit bundle (a quick smoke run of the drills themselves). */
  skipCliChecks: boolean;
}

export interface DrillContext {
  server: ServerUnderTest;
  db: LedgerDb;
  dataDir: string;
  env: Record<string, string>;
  fixtures: Fixtures;
  options: DrillOptions;
  /** Every load so far: later drills must not lose what earlier ones were told was stored. */
  loads: Load[];
  direct: DirectWrites;
  log: (line: string) => void;
}

export interface DrillResult {
  id: string;
  title: string;
  checks: Check[];
  numbers: [string, string][];
  error?: string;
}

export function drillPassed(result: DrillResult): boolean {
  return !result.error && result.checks.length > 0 && result.checks.every((check) => check.passed);
}

const fmt = (value: number) => value.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Waits for the followers to catch up, then every consistency check (the ones shared by all drills). */
async function settleAndCheck(context: DrillContext, numbers: [string, string][], since: string): Promise<Check[]> {
  const { db, log } = context;
  log('  waiting for every projection and process manager to catch up…');
  const catchUpMs = await db.waitForCatchUp(FOLLOWER_NAMES, 300_000, (behind) =>
    log(`    ${fmt(behind)} events still to apply (summed over followers)`),
  );
  numbers.push(
    [`every follower caught up, after ${since}`, seconds(catchUpMs)],
    ['events in the store', fmt(await db.eventCount())],
  );
  log(`  caught up in ${seconds(catchUpMs)}; checking…`);
  const checks: Check[] = [
    ...(await acknowledgedWritesChecks(
      db,
      context.loads.map((load) => load.acknowledged),
      context.direct,
    )),
    ...(await processManagerChecks(db)),
    ...(await checkpointAccountingChecks(db)),
  ];
  if (!context.options.skipCliChecks) {
    checks.push(...(await cliChecks(context.env, log)));
    checks.push(await auditBundleCheck(context.env, log));
  }
  return checks;
}

/** What the load saw: acknowledged writes, retried failures, and any answer a valid request should not get. */
function loadChecks(load: Load): Check[] {
  return [
    {
      name: 'no valid request refused (4xx) and no repeat answered differently',
      passed: load.unexpected.length === 0 && load.idempotencyViolations.length === 0,
      detail:
        [...load.unexpected, ...load.idempotencyViolations].slice(0, 3).join('; ') ||
        `${fmt(load.count(undefined, 'ok'))} acknowledged, ${fmt(load.count(undefined, '4xx'))} refused`,
    },
  ];
}

function loadNumbers(load: Load): [string, string][] {
  const acked = load.acknowledged;
  return [
    [
      'requests acknowledged (task / sign-up / device)',
      `${fmt(acked.tasks.size)} / ${fmt(acked.registrations.length)} / ${fmt(acked.postures.length)}`,
    ],
    [
      'attempts without an answer (refused, reset) / 5xx',
      `${fmt(load.count(undefined, 'network'))} / ${fmt(load.count(undefined, '5xx'))}`,
    ],
  ];
}

/** a. kill -9 under load, restart (reattaching to the embedded PostgreSQL), finish the load, check. */
export async function killUnderLoad(context: DrillContext): Promise<DrillResult> {
  const { server, options, log } = context;
  const numbers: [string, string][] = [];
  const load = new Load({
    baseUrl: server.baseUrl,
    fixtures: context.fixtures,
    workers: options.workers,
    label: `a-${randomUUID().slice(0, 8)}`,
  });
  context.loads.push(load);
  log(`  load: ${options.workers} concurrent clients for ${options.loadBeforeS} s, then kill -9`);
  const startedAt = Date.now();
  load.start();
  await sleep(options.loadBeforeS * 1000);
  const ackedAtKill = load.acknowledged.tasks.size;
  const pid = server.pid;
  const killedAt = Date.now();
  await server.kill9();
  log(
    `  killed pid ${pid} with SIGKILL after ${fmt(ackedAtKill)} acknowledged acceptances (${fmt(Math.round((load.count(undefined, 'ok') * 1000) / (killedAt - startedAt)))} req/s); restarting…`,
  );
  const restartMs = await server.start();
  const reattached = server.printed().includes('reattaching to embedded PostgreSQL');
  log(
    `  restarted as pid ${server.pid} in ${seconds(restartMs)} (${reattached ? 'reattached to the running PostgreSQL' : 'PostgreSQL was started again'}); load continues for ${options.loadAfterS} s`,
  );
  await sleep(options.loadAfterS * 1000);
  await load.stop();
  // The outage as the clients saw it: from the first request that failed after the kill to the next acknowledged one.
  const firstFailure = load.attempts.find((attempt) => attempt.at >= killedAt && attempt.outcome !== 'ok')?.at;
  const firstOkAfter =
    firstFailure === undefined
      ? undefined
      : load.attempts.find((attempt) => attempt.at > firstFailure && attempt.outcome === 'ok')?.at;
  const failedAfterKill = load.count(undefined, 'network', killedAt) + load.count(undefined, '5xx', killedAt);
  numbers.push(
    ...loadNumbers(load),
    ['acknowledged acceptances when killed', fmt(ackedAtKill)],
    ['attempts that failed after the kill (all retried)', fmt(failedAfterKill)],
    ['restart (spawn → serving)', seconds(restartMs)],
    [
      'outage seen by the clients (first failure → next acknowledgement)',
      firstFailure !== undefined && firstOkAfter !== undefined ? seconds(firstOkAfter - firstFailure) : 'none',
    ],
  );
  const checks: Check[] = [
    {
      name: 'restart reattached to the embedded PostgreSQL left running',
      passed: reattached,
      detail: reattached ? `restarted in ${seconds(restartMs)}` : 'PostgreSQL was not found running',
    },
    ...loadChecks(load),
    ...(await settleAndCheck(context, numbers, 'the load stopped')),
  ];
  return { id: 'a', title: 'kill -9 under load, restart', checks, numbers };
}

/**
 * b. Kill the projection runners mid-batch: with the server down, a backlog is appended straight
 * into the store; the server is started and killed with SIGKILL the moment projection batches are
 * committing and a transaction is open; then it is started again.
 */
export async function killProjectionRunner(context: DrillContext): Promise<DrillResult> {
  const { server, options, log } = context;
  const numbers: [string, string][] = [];
  log('  stopping the server (SIGTERM; it stops its PostgreSQL too)…');
  const stopCode = await server.stop();
  await context.db.close();
  const postgres = await startEmbeddedPostgres(context.dataDir, () => undefined);
  context.db = await LedgerDb.connect(context.dataDir);
  const db = context.db;
  log(
    `  server stopped (exit ${stopCode}); PostgreSQL started on its own; appending a backlog of ${fmt(options.backlogEvents)} events…`,
  );

  const appendStarted = performance.now();
  const appended = await appendBacklog(context, options.backlogEvents);
  const appendMs = performance.now() - appendStarted;
  const before = await db.lag();
  const behindBefore = before.reduce((sum, row) => sum + row.eventsBehind, 0);
  log(
    `  appended ${fmt(appended.events)} events (${fmt(appended.tasks)} of them TaskAccepted) in ${seconds(appendMs)}; ${fmt(behindBefore)} event applications pending over ${before.length} followers`,
  );

  // Start the server without waiting for it, and watch the checkpoints and the open transactions.
  const appliedBefore = new Map(before.map((row) => [row.projection, row.eventsApplied]));
  server.spawn();
  const spawnedAt = performance.now();
  let atKill: { committed: number; open: OpenTransaction[]; lag: Awaited<ReturnType<LedgerDb['lag']>> } | null = null;
  while (performance.now() - spawnedAt < 180_000 && server.alive()) {
    const [lag, open] = await Promise.all([db.lag(), db.openServerTransactions()]);
    const committed = lag.reduce((sum, row) => sum + row.eventsApplied - (appliedBefore.get(row.projection) ?? 0), 0);
    const behind = lag.reduce((sum, row) => sum + row.eventsBehind, 0);
    const batchOpen = open.some(
      (transaction) =>
        transaction.state === 'idle in transaction' ||
        /projection_checkpoints|insert into|update/i.test(transaction.query),
    );
    if (committed > 0 && behind > options.backlogEvents / 4 && batchOpen) {
      await server.kill9();
      atKill = { committed, open, lag };
      break;
    }
    await sleep(5);
  }
  if (!atKill) {
    await postgres.stop().catch(() => undefined);
    throw new Error(
      server.alive()
        ? 'the projections never had a batch open while behind: nothing to interrupt (try a larger --backlog)'
        : `the server exited on its own:\n${server.printed().slice(-2000)}`,
    );
  }
  const behindAtKill = atKill.lag.reduce((sum, row) => sum + row.eventsBehind, 0);
  log(
    `  killed with SIGKILL ${seconds(performance.now() - spawnedAt)} after spawning: ${fmt(atKill.committed)} applications committed, ${fmt(behindAtKill)} pending, ${atKill.open.length} server transactions open:`,
  );
  for (const transaction of atKill.open.slice(0, 6)) log(`    ${transaction.state}: ${transaction.query}`);
  await sleep(200);
  const afterKill = await db.lag();
  log('  restarting…');
  const restartMs = await server.start();
  numbers.push(
    [
      'backlog appended while the server was down',
      `${fmt(appended.events)} events (${fmt(appended.tasks)} TaskAccepted) in ${seconds(appendMs)}`,
    ],
    ['event applications pending at start (all followers)', fmt(behindBefore)],
    ['committed before the kill / pending at the kill', `${fmt(atKill.committed)} / ${fmt(behindAtKill)}`],
    [
      'server transactions open at the kill',
      `${atKill.open.length} (${[...new Set(atKill.open.map((transaction) => transaction.state))].join(', ')})`,
    ],
    ['restart (spawn → serving)', seconds(restartMs)],
  );
  const checkpointTable = atKill.lag.map((row) => {
    const after = afterKill.find((candidate) => candidate.projection === row.projection);
    return `${row.projection} ${fmt(row.eventsApplied)}${after && after.eventsApplied !== row.eventsApplied ? `→${fmt(after.eventsApplied)}` : ''}`;
  });
  // "a→b": a commit that was already on its way when the process died (it landed, with its checkpoint).
  numbers.push(['events_applied per follower at the kill', checkpointTable.join(', ')]);
  const checks: Check[] = [
    {
      name: 'killed while a projection batch was open',
      passed: atKill.open.length > 0 && atKill.committed > 0 && behindAtKill > 0,
      detail: `${atKill.open.length} open: ${atKill.open
        .slice(0, 3)
        .map((transaction) => `${transaction.state} "${transaction.query.slice(0, 50)}"`)
        .join('; ')}`,
    },
    ...(await settleAndCheck(context, numbers, 'the restart')),
  ];
  return { id: 'b', title: 'kill the projection runners mid-batch', checks, numbers };
}

/** Appends `count` events straight into the store: TaskAccepted as the integration writes them, and filler events on many streams. */
async function appendBacklog(context: DrillContext, count: number): Promise<{ events: number; tasks: number }> {
  const store = context.db.store;
  const tasks = Math.round(count / 20);
  const eligible = context.fixtures.eligible;
  const occurredAt = new Date().toISOString();
  const jobs: (() => Promise<number>)[] = [];
  for (let index = 0; index < tasks; index += 1) {
    const taskId = `b-${randomUUID().slice(0, 8)}-${index}`;
    const { strangers, reviewers } = context.fixtures;
    const assigneeId =
      index % 3 === 0 && eligible.length > 0
        ? eligible[index % eligible.length].userId
        : strangers[index % strangers.length];
    const day = new Date(Date.now() - randomInt(6 * 86_400) * 1000).toISOString();
    const data = {
      taskId,
      ventureId: randomUUID(),
      assigneeId,
      tier: 'B',
      quality: 3,
      reviewerIds: [reviewers[index % reviewers.length]],
      acceptedAt: day,
      helpfulReviewerIds: [],
      source: 'integration',
    };
    context.direct.tasks.set(taskId, { assigneeId });
    jobs.push(async () => {
      await store.append(
        `task-${taskId}`,
        [
          {
            eventId: derivedId('task-accepted', taskId),
            type: 'TaskAccepted',
            data,
            metadata: {
              occurredAt,
              actorId: null,
              commandId: `task-accepted:${taskId}`,
              correlationId: taskId,
              causationId: null,
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
      return 1;
    });
  }
  const perStream = 10;
  for (let stream = 0; stream * perStream < count - tasks; stream += 1) {
    const events: EventToAppend[] = Array.from(
      { length: Math.min(perStream, count - tasks - stream * perStream) },
      (_, index) => ({
        eventId: randomUUID(),
        type: 'BacklogNoted',
        data: { index, note: 'appended by the fault drill while the server was down' },
        metadata: { occurredAt, actorId: null, commandId: null, correlationId: null, causationId: null },
      }),
    );
    jobs.push(async () => {
      await store.append(`faultsbacklog-${randomUUID()}`, events, { expectedRevision: 'no_stream' });
      return events.length;
    });
  }
  let next = 0;
  let events = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) {
        const appended = await jobs[next++]();
        events += appended;
      }
    }),
  );
  context.direct.events += events;
  return { events, tasks };
}

/**
 * c. pg_terminate_backend on every server connection (pools and leader locks), three times,
 * under load and during an auditor's online verification; the server must recover by itself.
 */
export async function dropConnections(context: DrillContext): Promise<DrillResult> {
  const { server, db, options, log } = context;
  const numbers: [string, string][] = [];
  const pid = server.pid;
  const leadersBefore = await leaderConnections(db);
  const load = new Load({
    baseUrl: server.baseUrl,
    fixtures: context.fixtures,
    workers: options.workers,
    label: `c-${randomUUID().slice(0, 8)}`,
  });
  context.loads.push(load);
  log(`  load: ${options.workers} concurrent clients; ${leadersBefore} leader-lock connections held`);
  load.start();
  await sleep(options.loadBeforeS * 1000);
  // A long read-only transaction of its own: the auditor's full online verification.
  const verification = await call<{ id: string }>(server.baseUrl, 'POST', '/api/v1/audit/verify', {
    auth: context.fixtures.officer.auth,
    body: {},
    expected: 202,
  }).catch((error: unknown) => {
    log(`  (could not start an online verification: ${(error as Error).message.slice(0, 200)})`);
    return null;
  });
  const drops: { at: number; terminated: Record<string, number> }[] = [];
  for (let round = 1; round <= 3; round += 1) {
    const terminated = await db.terminateServerConnections();
    drops.push({ at: Date.now(), terminated });
    log(
      `  drop ${round}: pg_terminate_backend on ${
        Object.entries(terminated)
          .map(([name, count]) => `${count} ${name}`)
          .join(', ') || 'nothing'
      }`,
    );
    await sleep(1500);
  }
  const firstDrop = drops[0].at;
  const lastDrop = drops[drops.length - 1].at;
  const graceMs = 3000;
  // From the last drop on, watch the server come back by itself: health, leader locks, the sealer.
  const recovery = watchRecovery(context, leadersBefore, await checkpointCount(db), 90_000);
  log(`  load continues for ${options.loadAfterS} s after the last drop`);
  await sleep(Math.max(options.loadAfterS * 1000, graceMs + 3000));
  const endedAt = Date.now();
  const alive = server.alive() && server.pid === pid;
  await load.stop({ abandon: !alive });
  const terminatedPerDrop = drops
    .map((drop) => Object.values(drop.terminated).reduce((sum, count) => sum + count, 0))
    .join(', ');
  if (!alive) {
    await recovery.catch(() => undefined);
    const tail = server
      .printed()
      .split('\n')
      .filter((line) => !line.startsWith('    at '))
      .slice(-25)
      .join('\n');
    return {
      id: 'c',
      title: 'drop every database connection under load (pg_terminate_backend)',
      numbers: [...loadNumbers(load), ['connections terminated per drop', terminatedPerDrop]],
      checks: [
        { name: 'the same server process survived (no restart)', passed: false, detail: `pid ${pid} died:\n${tail}` },
      ],
    };
  }
  const recovered = await recovery;
  log(
    `  recovered: /api/health 200 ${since(recovered.health)}, leader locks ${since(recovered.leaders)}, a new signed checkpoint ${since(recovered.sealed)} (after the last drop)`,
  );

  const failedDuring =
    load.count(undefined, 'network', firstDrop, lastDrop + graceMs) +
    load.count(undefined, '5xx', firstDrop, lastDrop + graceMs);
  const okAfter = load.count(undefined, 'ok', lastDrop + graceMs, endedAt);
  const failedAfter =
    load.count(undefined, 'network', lastDrop + graceMs, endedAt + 60_000) +
    load.count(undefined, '5xx', lastDrop + graceMs, endedAt + 60_000);
  const recoveries = drops.map((drop) => {
    const firstOk = load.attempts.find((attempt) => attempt.at > drop.at && attempt.outcome === 'ok');
    return firstOk ? firstOk.at - drop.at : Number.NaN;
  });
  const health = await pollHealth(server.baseUrl, 30_000);
  const leadersAfter = await leaderConnections(db);
  const healthBody = health.body as { projections?: { name: string; leader: boolean }[] } | null;
  const notLed = (healthBody?.projections ?? [])
    .filter((projection) => !projection.leader)
    .map((projection) => projection.name);
  const verificationRun = verification ? await verificationOutcome(context, verification.id, 180_000) : null;
  const errorLines = (server.printed().match(/"level":50/g) ?? []).length;
  numbers.push(
    ...loadNumbers(load),
    ['connections terminated per drop (1.5 s apart)', terminatedPerDrop],
    [
      'first acknowledged request after each drop',
      recoveries.map((ms) => (Number.isNaN(ms) ? 'none' : `${fmt(Math.round(ms))} ms`)).join(', '),
    ],
    [`failed attempts from the first drop to ${graceMs / 1000} s after the last (all retried)`, fmt(failedDuring)],
    [
      `acknowledged / failed from ${graceMs / 1000} s after the last drop to the end`,
      `${fmt(okAfter)} / ${fmt(failedAfter)}`,
    ],
    [
      'after the last drop: /api/health 200 / every leader lock back / a new signed checkpoint',
      `${since(recovered.health)} / ${since(recovered.leaders)} / ${since(recovered.sealed)}`,
    ],
    ['leader-lock connections before / after', `${leadersBefore} / ${leadersAfter}`],
    [
      "an auditor's online verification started before the drops ended",
      verificationRun
        ? `${verificationRun.status} after ${fmt(verificationRun.eventsChecked)} of ${fmt(verificationRun.eventsTotal)} events${verificationRun.error ? ` (${verificationRun.error.slice(0, 80)})` : ''}`
        : 'not started',
    ],
    ['error lines the server logged', fmt(errorLines)],
  );
  const checks: Check[] = [
    { name: 'the same server process survived (no restart)', passed: alive, detail: `pid ${pid} still serving` },
    {
      name: `every request from ${graceMs / 1000} s after the last drop succeeded`,
      passed: okAfter > 0 && failedAfter === 0,
      detail: `${fmt(okAfter)} acknowledged, ${fmt(failedAfter)} failed`,
    },
    {
      name: '/api/health answers 200',
      passed: health.status === 200 && recovered.health !== null,
      detail: `200 ${since(recovered.health)} after the last drop`,
    },
    {
      name: 'every leader lock re-acquired (projections, process managers, sealer)',
      passed: recovered.leaders !== null && notLed.length === 0,
      detail: `${leadersAfter} leader connections (before: ${leadersBefore}) ${since(recovered.leaders)} after the last drop; not led here: ${notLed.join(', ') || 'none'}`,
    },
    {
      // Failing it is fine (the auditor starts another); hanging in RUNNING for ever is not.
      name: "the auditor's online verification ended (verified, or failed with a reason)",
      passed: verificationRun !== null && verificationRun.status !== 'RUNNING',
      detail: verificationRun
        ? `${verificationRun.status}${verificationRun.error ? `: ${verificationRun.error.slice(0, 120)}` : ''}`
        : 'could not be started',
    },
    {
      name: 'the sealer signed a checkpoint after the last drop',
      passed: recovered.sealed !== null,
      detail: recovered.sealed !== null ? `${since(recovered.sealed)} after it` : 'no new CheckpointSigned within 90 s',
    },
    ...loadChecks(load),
    ...(await settleAndCheck(context, numbers, 'the load stopped')),
  ];
  return { id: 'c', title: 'drop every database connection under load (pg_terminate_backend)', checks, numbers };
}

interface VerificationRun {
  status: string;
  error: string | null;
  eventsChecked: number;
  eventsTotal: number;
}

/** Polls the auditor's verification until it is no longer RUNNING (or the timeout). */
async function verificationOutcome(
  context: DrillContext,
  id: string,
  timeoutMs: number,
): Promise<VerificationRun | null> {
  const started = performance.now();
  let run: VerificationRun | null = null;
  while (performance.now() - started < timeoutMs) {
    run = await call<VerificationRun>(context.server.baseUrl, 'GET', `/api/v1/audit/verify/${id}`, {
      auth: context.fixtures.officer.auth,
      expected: 200,
    }).catch(() => run);
    if (run && run.status !== 'RUNNING') break;
    await sleep(500);
  }
  return run;
}

interface Recovery {
  /** ms after the watch began, or null if it never happened within the timeout. */
  health: number | null;
  leaders: number | null;
  sealed: number | null;
}

const since = (ms: number | null) => (ms === null ? 'never' : seconds(ms));

/** Polls until /api/health is 200, every leader lock is held again and the sealer has signed a new checkpoint. */
async function watchRecovery(
  context: DrillContext,
  leadersBefore: number,
  checkpointsAtStart: number,
  timeoutMs: number,
): Promise<Recovery> {
  const started = performance.now();
  const result: Recovery = { health: null, leaders: null, sealed: null };
  while (
    performance.now() - started < timeoutMs &&
    (result.health === null || result.leaders === null || result.sealed === null)
  ) {
    if (!context.server.alive()) return result;
    const elapsed = () => performance.now() - started;
    if (result.health === null) {
      const status = await fetch(`${context.server.baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) result.health = elapsed();
    }
    if (result.leaders === null && (await leaderConnections(context.db)) >= leadersBefore) result.leaders = elapsed();
    if (result.sealed === null && (await checkpointCount(context.db)) > checkpointsAtStart) result.sealed = elapsed();
    await sleep(100);
  }
  return result;
}

/** Leader locks held for the long-running leaders: one per follower (projection or process manager) and the sealer's. Jobs hold theirs only while they run. */
async function leaderConnections(db: LedgerDb): Promise<number> {
  const { rows } = await db.owner.query<{ n: number }>(
    `select count(distinct application_name)::int as n from pg_stat_activity
     where datname = current_database()
       and application_name in (select 'leader:' || projection from projection_checkpoints union all select 'leader:checkpoints')`,
  );
  return rows[0].n;
}

async function checkpointCount(db: LedgerDb): Promise<number> {
  const { rows } = await db.owner.query<{ n: number }>(
    `select count(*)::int as n from events where stream_id = 'ledger-checkpoints'`,
  );
  return rows[0].n;
}

async function pollHealth(baseUrl: string, timeoutMs: number): Promise<{ status: number; ms: number; body: unknown }> {
  const started = performance.now();
  let last: { status: number; body: unknown } = { status: 0, body: null };
  while (performance.now() - started < timeoutMs) {
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
      last = { status: response.status, body: await response.json() };
      if (response.status === 200) break;
    } catch {
      last = { status: 0, body: null };
    }
    await sleep(200);
  }
  return { ...last, ms: performance.now() - started };
}
