import { createHash } from 'node:crypto';
import knexFactory from 'knex';
import pg from 'pg';
import pino from 'pino';
import { verifyChains } from '../src/ledger/verification/ledger-verifier';
import { provesCanonical } from '../src/platform/chain/canonical-scanner';
import { ChainVerifier } from '../src/platform/chain/chain-verifier';
import { chainHash } from '../src/platform/chain/event-hash';
import { connectDatabase, type Database } from '../src/platform/database/database';
import {
  linkOfRow,
  readChainPage,
  readChainRows,
  type ChainRow,
} from '../src/platform/event-store/postgres/postgres-chain-reader';
import { PostgresEventStore } from '../src/platform/event-store/postgres/postgres-event-store';
import type { GlobalPosition } from '../src/platform/event-store/event-store.port';
import { rebuildAllAndCompare, rebuildAndCompare } from '../src/platform/projections/projection-rebuild';
import { ProjectionCheckpointsRepository } from '../src/platform/projections/projection-checkpoints.repository';
import { projectionFollower } from '../src/platform/feed-runner/feed-follower';
import { FeedRunner } from '../src/platform/feed-runner/feed-runner';
import { ALL_PROJECTIONS } from '../src/registry/projections.registry';
import { Session } from 'node:inspector';
import { sleep } from './api-server';
import { summariseProfile, type CpuProfile, type ProfileSummary } from './cpu-profile';
import { monotonicMicros } from './http-load';
import { openServerProbes, type ServerProbes } from './server-probes';
import { timedRebuild, type TimedRebuild } from './rebuild-timing';
import type { BenchContext, Benchmark } from './benchmark';
import { buildDataset } from './verification-dataset';
import {
  PAGE,
  REPLAY_PAGE,
  report,
  ROUNDS,
  WRITE_LANES,
  type Breakdown,
  type Pass,
  type RebuildFigures,
} from './verification-report';

/** The keyset query of readChainRows (all streams), with pg's default row objects and bytea Buffers. */
const CHAIN_LINKS_SQL = `select stream_id, revision, event_id, type, data, metadata, prev_hash, hash from events
             where (stream_id, revision) > ($1, $2::bigint)
             order by stream_id, revision limit $3`;

/**
 * DESIGN §8 "Full verification" and the rebuild of every read model, on one dataset written
 * through PostgresEventStore in this run.
 */
export const verificationBenchmark: Benchmark = {
  name: 'verification',
  description: 'verifyChains events/s vs a raw keyset read + SHA-256 of the same rows; rebuild of every read model',
  run: async (context) => {
    const url = await context.freshDatabase('bench_verification');
    const db = connectDatabase(context.appUrl(url), { poolSize: WRITE_LANES, applicationName: 'bench-verification' });
    try {
      const store = new PostgresEventStore(db.pool);
      context.log(
        `verification: writing about ${context.options.events.toLocaleString('en-US')} events through PostgresEventStore`,
      );
      const dataset = await buildDataset(store, context.options.events, WRITE_LANES, context.log);
      context.log(
        `verification: ${dataset.events.toLocaleString('en-US')} events in ${dataset.seconds.toFixed(0)} s; vacuum analyze`,
      );
      await asOwner(url, (client) => client.query('vacuum (analyze)'));
      // One unmeasured pass, so the first measured reader does not pay for cold caches and hint bits.
      await rawReadAndHash(db.pool, false);
      const raw: Pass[] = [];
      const rawRows: Pass[] = [];
      const full: Pass[] = [];
      const probes = await openServerProbes(url, new URL(url).pathname.slice(1));
      try {
        for (let round = 0; round < ROUNDS; round += 1) {
          context.log(`verification: round ${round + 1} of ${ROUNDS}`);
          raw.push(await probed(probes, () => rawReadAndHash(db.pool, true)));
          rawRows.push(await probed(probes, () => rawRowsAndHash(db.pool)));
          full.push(await probed(probes, () => fullVerification(db.pool)));
        }
      } finally {
        await probes.close();
      }
      const breakdown = await instrumentedPass(db.pool);
      const profile = context.options.diagnose ? await profileVerification(db.pool) : null;
      context.log('verification: read models');
      const rebuild = await measureRebuilds(context, db, store, url);
      return report(dataset, { raw, rawRows, full }, breakdown, rebuild, profile);
    } finally {
      await db.close();
    }
  },
};

/** Runs one pass with this process's CPU and PostgreSQL's CPU measured around it. */
async function probed(probes: ServerProbes, run: () => Promise<Pass>): Promise<Pass> {
  await probes.start();
  const cpuAtStart = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuAtStart);
  const report = await probes.stop();
  return { ...result, clientCpuSeconds: (cpu.user + cpu.system) / 1e6, postgresCpuSeconds: report.postgresCpuSeconds };
}

/** The former baseline: the same keyset pages as pg returns them by default (row objects, bytea as Buffers, no read-ahead), one SHA-256 over each row's stored bytes. */
async function rawReadAndHash(pool: pg.Pool, hash: boolean): Promise<Pass> {
  const started = performance.now();
  let after: [string, string] = ['', '-1'];
  let events = 0;
  for (;;) {
    const { rows } = await pool.query<ChainRow>({
      name: 'bench_raw_chain_links',
      text: CHAIN_LINKS_SQL,
      values: [...after, PAGE],
    });
    if (rows.length === 0) break;
    if (hash) {
      for (const row of rows) {
        createHash('sha256')
          .update(row.prev_hash)
          .update(row.stream_id)
          .update(row.revision)
          .update(row.event_id)
          .update(row.type)
          .update(row.data)
          .update(row.metadata)
          .digest();
      }
    }
    events += rows.length;
    const last = rows[rows.length - 1];
    after = [last.stream_id, last.revision];
    if (rows.length < PAGE) break;
  }
  return pass(events, started);
}

/** The baseline: verifyChains' own reader (array rows, hex hashes, next page read ahead), one SHA-256 over each row's columns. No checks, no JSON. */
async function rawRowsAndHash(pool: pg.Pool): Promise<Pass> {
  const started = performance.now();
  let events = 0;
  for await (const rows of readChainRows(pool, { pageSize: PAGE })) {
    for (const row of rows) {
      createHash('sha256')
        .update(row[6])
        .update(row[0])
        .update(row[1])
        .update(row[2])
        .update(row[3])
        .update(row[4])
        .update(row[5])
        .digest();
    }
    events += rows.length;
  }
  return pass(events, started);
}

async function fullVerification(pool: pg.Pool): Promise<Pass> {
  const started = performance.now();
  const result = await verifyChains(pool);
  if (result.status !== 'VERIFIED') throw new Error(`verification found a break: ${JSON.stringify(result.firstBreak)}`);
  return pass(result.eventsChecked, started);
}

function pass(events: number, started: number): Pass {
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, perSecond: events / seconds };
}

/**
 * verifyChains' steps timed one by one on the same pages (the same query, but no read-ahead, so
 * the query's full time shows), then its whole per-row check (link + ChainVerifier.check) on the
 * same rows.
 */
async function instrumentedPass(pool: pg.Pool): Promise<Breakdown> {
  const totals = { query: 0, chainHash: 0, canonical: 0, check: 0 };
  let events = 0;
  let at = performance.now();
  const lap = (step: keyof typeof totals) => {
    const now = performance.now();
    totals[step] += now - at;
    at = now;
  };
  const verifier = new ChainVerifier();
  let after: readonly [string, string] = ['', '-1'];
  for (;;) {
    const { rows } = await readChainPage(pool, after, { pageSize: PAGE });
    lap('query');
    if (rows.length === 0) break;
    for (const row of rows) {
      if (
        chainHash(row[6], {
          streamId: row[0],
          revision: BigInt(row[1]),
          eventId: row[2],
          type: row[3],
          dataText: row[4],
          metadataText: row[5],
        }) !== row[7]
      )
        throw new Error('hash mismatch');
    }
    lap('chainHash');
    for (const row of rows)
      if (!provesCanonical(row[4]) || !provesCanonical(row[5])) throw new Error('not proven canonical');
    lap('canonical');
    for (const row of rows) if (verifier.check(linkOfRow(row))) throw new Error('not verified');
    lap('check');
    events += rows.length;
    const last = rows[rows.length - 1];
    after = [last[0], last[1]];
    if (rows.length < PAGE) break;
  }
  return {
    events,
    steps: [
      {
        step: 'keyset query: PostgreSQL, transfer, pg row parsing (array rows, hashes as hex)',
        seconds: totals.query / 1000,
      },
      {
        step: 'chain hash: envelope string, prevHash and envelope encoded into a reused buffer, one-shot SHA-256 as hex',
        seconds: totals.chainHash / 1000,
      },
      { step: 'canonical check of data and metadata (the one-pass scanner)', seconds: totals.canonical / 1000 },
    ],
    whole: [
      {
        step: 'the whole check verifyChains runs per row (link object with a BigInt revision, ChainVerifier.check)',
        seconds: totals.check / 1000,
      },
    ],
  };
}

/**
 * First the live runners (exactly as a server runs them, all at once) project the whole feed
 * from zero, so every checkpoint is at the head; then each projection is rebuilt with
 * rebuildAndCompare — what `npm run cli -- projections rebuild <name>` runs — one after another,
 * and then all at once over one feed pass, as `projections rebuild all` does.
 */
async function measureRebuilds(
  context: BenchContext,
  db: Database,
  store: PostgresEventStore,
  ownerUrl: string,
): Promise<RebuildFigures> {
  const feedRead = await readWholeFeed(store);
  const head = await headPosition(db.pool);
  context.log(`verification: live projection runners from zero (${ALL_PROJECTIONS.length} projections)`);
  const logger = pino({ level: 'error' });
  const runners = ALL_PROJECTIONS.map(
    (projection) =>
      new FeedRunner(projectionFollower(projection), store, db.knex, {
        leadershipUrl: db.url,
        batchSize: 500,
        leaderRetryMs: 2000,
        maxRetries: 5,
        retryBaseMs: 1000,
        logger,
      }),
  );
  const checkpoints = new ProjectionCheckpointsRepository(db.knex);
  const started = performance.now();
  const perProjection = new Map<string, number>();
  for (const runner of runners) runner.start();
  try {
    while (perProjection.size < runners.length) {
      for (const row of await checkpoints.all()) {
        if (row.position === head && !perProjection.has(row.projection))
          perProjection.set(row.projection, (performance.now() - started) / 1000);
      }
      if (performance.now() - started > 3_600_000) throw new Error('the projections did not catch up within an hour');
      await sleep(50);
    }
  } finally {
    await Promise.all(runners.map((runner) => runner.stop()));
  }
  const liveCatchUp = { seconds: Math.max(...perProjection.values()), perProjection };

  // As the CLI sizes it: one connection per projection, for the one-pass rebuild.
  const owner = knexFactory({ client: 'pg', connection: ownerUrl, pool: { min: 0, max: ALL_PROJECTIONS.length + 1 } });
  const rebuilds: TimedRebuild[] = [];
  const probes = await openServerProbes(ownerUrl, new URL(ownerUrl).pathname.slice(1));
  let onePass: TimedRebuild;
  try {
    for (const projection of ALL_PROJECTIONS) {
      context.log(`verification: projections rebuild ${projection.name}`);
      rebuilds.push(
        await timedRebuild(probes, async (onProgress) => [
          await rebuildAndCompare(projection, store, owner, { onProgress }),
        ]),
      );
    }
    context.log('verification: projections rebuild all (one feed pass)');
    onePass = await timedRebuild(probes, (onProgress) =>
      rebuildAllAndCompare(ALL_PROJECTIONS, store, owner, { onProgress }),
    );
  } finally {
    await probes.close();
    await owner.destroy();
  }
  const types = await db.pool.query<{ type: string; n: number }>(
    'select type, count(*)::int as n from events group by type',
  );
  return { typeCounts: new Map(types.rows.map((row) => [row.type, row.n])), feedRead, liveCatchUp, rebuilds, onePass };
}

/** One verifyChains pass under V8's sampling profiler (this process, through the inspector). */
async function profileVerification(pool: pg.Pool): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  try {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
    const startUs = monotonicMicros();
    await fullVerification(pool);
    const endUs = monotonicMicros();
    const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
    return summariseProfile(
      profile,
      { startUs, endUs },
      'CPU profile of one verifyChains pass (`--diagnose`: V8 sampling profiler in this process)',
    );
  } finally {
    session.disconnect();
  }
}

/** The feed read a rebuild does (readAll in pages of REPLAY_PAGE, events parsed), without applying anything. */
async function readWholeFeed(store: PostgresEventStore): Promise<Pass> {
  const started = performance.now();
  let position: GlobalPosition | null = null;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, maxCount: REPLAY_PAGE });
    if (page.length === 0) break;
    events += page.length;
    position = page[page.length - 1].position;
  }
  return pass(events, started);
}

async function headPosition(pool: pg.Pool): Promise<GlobalPosition> {
  // Ordered by the xid8 column itself: its text (the select list's name) would sort "999" after "3724".
  const { rows } = await pool.query<{ tx: string; global_position: string }>(
    'select tx_id::text as tx, global_position from events order by events.tx_id desc, events.global_position desc limit 1',
  );
  return `${rows[0].tx}:${rows[0].global_position}`;
}

async function asOwner<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}
