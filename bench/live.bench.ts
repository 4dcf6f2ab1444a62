import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../src/platform/database/database';
import { PostgresEventStore } from '../src/platform/event-store/postgres/postgres-event-store';
import { walletStream } from '../src/wallet/domain/wallet.events';
import { freePort, sampleProcess, sleep, startApiServer, type ApiServer } from './api-server';
import type { BenchContext, Benchmark } from './benchmark';
import { forEachPooled, metadataAt } from './ledger-fixtures';
import { liveReport, type LivePhase } from './live-report';
import { openServerProbes } from './server-probes';
import { openBenchStream, type BenchStream } from './sse-client';

/** What the wallet page did before live updates: the wallet's first page and the profile, every 4 s. */
const OLD_POLL_MS = 4_000;
// Polling at 4 s needs a minute to say anything steady about requests per minute.
const SHORTEST_WINDOW_MS = 60_000;
/** While tabs are connected, events arrive this often (a busy ledger), each in one tab's wallet. */
const EVENT_EVERY_MS = 500;
const PASSWORD = 'bench password that is long enough';

interface Tab {
  userId: string;
  headers: Record<string, string>;
}

/**
 * `npm run bench -- --only live`: N idle portal tabs against the compiled server, first as the
 * old wallet page (a poller making its two requests every 4 s), then as one live stream each,
 * idle and with events arriving. Requests per minute, the API's and PostgreSQL's CPU, and the
 * API's memory, in the same run, against the polling baseline.
 */
export const liveBenchmark: Benchmark = {
  name: 'live',
  description: 'N idle portal tabs: the old wallet polling (2 requests every 4 s) vs one SSE stream each',
  resultsFile: 'LIVE-RESULTS.md',
  run: async (context) => {
    const ownerUrl = await context.freshDatabase('bench_live');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-bench-live-'));
    const database = connectDatabase(context.appUrl(ownerUrl), { poolSize: 2, applicationName: 'bench-live' });
    let server: ApiServer | null = null;
    try {
      server = await startApiServer({
        DATA_DIR: dataDir,
        DATABASE_URL: ownerUrl,
        APP_DATABASE_URL: context.appUrl(ownerUrl),
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DEMO_SEED: 'false',
        LOG_LEVEL: 'warn',
        BCRYPT_COST: '4',
        // Measured here is load, not limits: nothing may be refused.
        RATE_LIMIT_MAX: '1000000000',
        LOGIN_RATE_LIMIT_MAX: '1000000000',
        ACCOUNT_RATE_LIMIT_MAX: '1000000000',
      });
      const { baseUrl, pid } = server;
      context.log(`live: signing in ${context.options.tabs} members, one tab each`);
      const tabs = await signInTabs(baseUrl, context.options.tabs);
      const windowMs = Math.max(SHORTEST_WINDOW_MS, context.options.window.durationMs);
      const measure = (label: string, body: () => Promise<Counts>) =>
        measurePhase(context, pid, ownerUrl, label, windowMs, body);
      const store = new PostgresEventStore(database.pool);

      const phases: LivePhase[] = [];
      phases.push(
        await measure('no tabs (reference)', async () => (await sleep(windowMs), { requests: 0, failures: 0 })),
      );
      phases.push(
        await measure('old wallet page: 2 requests every 4 s (baseline)', () =>
          pollLikeTheOldWalletPage(baseUrl, tabs, windowMs),
        ),
      );
      const streams = await openStreams(baseUrl, tabs);
      try {
        phases.push(
          await measure('live stream, idle', async () => (await sleep(windowMs), { requests: 0, failures: 0 })),
        );
        const latencies: number[] = [];
        phases.push(
          await measure(`live stream, an event every ${EVENT_EVERY_MS} ms`, () =>
            eventsArriving(baseUrl, tabs, streams, store, windowMs, latencies),
          ),
        );
        return liveReport(context, {
          tabs: tabs.length,
          windowMs,
          phases,
          noticeLatenciesMs: latencies,
          pollMs: OLD_POLL_MS,
          eventEveryMs: EVENT_EVERY_MS,
        });
      } finally {
        for (const stream of streams) stream.close();
      }
    } finally {
      await server?.stop();
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

interface Counts {
  requests: number;
  failures: number;
}

async function measurePhase(
  context: BenchContext,
  pid: number,
  ownerUrl: string,
  label: string,
  windowMs: number,
  body: () => Promise<Counts>,
): Promise<LivePhase> {
  context.log(`live: ${label}`);
  const probes = await openServerProbes(ownerUrl, new URL(ownerUrl).pathname.slice(1));
  try {
    await probes.start();
    const api = await sampleProcess(pid);
    const counts = await body();
    const sample = await api.stop();
    const report = await probes.stop();
    const minutes = windowMs / 60_000;
    return {
      label,
      ...counts,
      requestsPerMinute: counts.requests / minutes,
      apiCpuShare: sample.cpuSeconds / (windowMs / 1000),
      postgresCpuShare: report.postgresCpuSeconds / (windowMs / 1000),
      apiRssBytes: sample.rssMedianBytes,
    };
  } finally {
    await probes.close();
  }
}

async function signInTabs(baseUrl: string, count: number): Promise<Tab[]> {
  const tabs: Tab[] = [];
  await forEachPooled(
    Array.from({ length: count }, (_, index) => index),
    8,
    async () => {
      const email = `tab-${randomUUID()}@example.com`;
      const registered = await postJson(baseUrl, '/api/v1/auth/register', { email, password: PASSWORD });
      const login = await postJson(baseUrl, '/api/v1/auth/login', { email, password: PASSWORD, session: 'bearer' });
      tabs.push({
        userId: registered.userId as string,
        headers: { authorization: `Bearer ${login.accessToken as string}` },
      });
    },
  );
  return tabs;
}

async function postJson(baseUrl: string, route: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(route, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** One GET as the page makes it; true when it answered 2xx. */
async function get(baseUrl: string, route: string, tab: Tab): Promise<boolean> {
  const response = await fetch(new URL(route, baseUrl), { headers: tab.headers });
  await response.arrayBuffer();
  return response.ok;
}

/**
 * Each tab as the old wallet page: both reads at once, then 4 s after the answers, again. Tabs
 * start spread over the first interval, as people open them; requests count once answered.
 */
async function pollLikeTheOldWalletPage(baseUrl: string, tabs: readonly Tab[], windowMs: number): Promise<Counts> {
  const counts = { requests: 0, failures: 0 };
  const endMs = performance.now() + windowMs;
  await Promise.all(
    tabs.map(async (tab, index) => {
      await sleep((index / tabs.length) * OLD_POLL_MS);
      while (performance.now() < endMs) {
        const answers = await Promise.all([
          get(baseUrl, '/api/v1/wallet/me?limit=25', tab),
          get(baseUrl, `/api/v1/profiles/${tab.userId}`, tab),
        ]);
        for (const ok of answers) {
          counts.requests += 1;
          if (!ok) counts.failures += 1;
        }
        await sleep(Math.min(OLD_POLL_MS, Math.max(0, endMs - performance.now())));
      }
    }),
  );
  return counts;
}

async function openStreams(baseUrl: string, tabs: readonly Tab[]): Promise<BenchStream[]> {
  const streams = tabs.map((tab) => openBenchStream(baseUrl, tab.headers));
  await Promise.all(streams.map((stream) => stream.ready));
  return streams;
}

/**
 * A wallet event for one tab's member every EVENT_EVERY_MS, appended straight to the store (as
 * another instance would); the tab does what the page does on the notice, refetch its wallet.
 * Latency: the append's answer to the notice's arrival, which includes waiting for the wallet
 * projection to apply it.
 */
async function eventsArriving(
  baseUrl: string,
  tabs: readonly Tab[],
  streams: readonly BenchStream[],
  store: PostgresEventStore,
  windowMs: number,
  latencies: number[],
): Promise<Counts> {
  const counts = { requests: 0, failures: 0 };
  const appendedAt = new Map<string, number>();
  const refetches: Promise<void>[] = [];
  streams.forEach((stream, index) => {
    stream.onNotice = (topic, ids, atMs) => {
      if (topic !== 'wallet') return;
      const sentMs = appendedAt.get(ids[0]);
      if (sentMs !== undefined) latencies.push(atMs - sentMs);
      appendedAt.delete(ids[0]);
      refetches.push(
        get(baseUrl, '/api/v1/wallet/me?limit=25', tabs[index]).then(
          (ok) => ((counts.requests += 1), ok || (counts.failures += 1), undefined),
        ),
      );
    };
  });
  const endMs = performance.now() + windowMs;
  for (let event = 0; performance.now() < endMs; event += 1) {
    const tab = tabs[event % tabs.length];
    await store.append(
      walletStream(tab.userId),
      [
        {
          eventId: randomUUID(),
          type: 'BuzAdjusted',
          data: { amountBuz: '1', reason: 'bench' },
          metadata: metadataAt(new Date().toISOString(), randomUUID()),
        },
      ],
      { expectedRevision: 'any' },
    );
    appendedAt.set(tab.userId, performance.now());
    await sleep(EVENT_EVERY_MS);
  }
  await Promise.all(refetches);
  return counts;
}
