import type { TestingModuleBuilder } from '@nestjs/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerStreamsProjection } from '../../projections/ledger-streams/ledger-streams.projection';
import { PROJECTIONS, type Projection } from '../../src/platform/projections/projection';
import { FeedRunnersService } from '../../src/platform/feed-runner/feed-runners.service';
import { rebuildAndCompare } from '../../src/platform/projections/projection-rebuild';
import { projectionFollower } from '../../src/platform/feed-runner/feed-follower';
import { FeedRunner } from '../../src/platform/feed-runner/feed-runner';
import { pino } from 'pino';
import { uniqueStream } from '../support/events';
import { startTestApp, type TestApp } from '../support/test-app';
import knexFactory from 'knex';
import { closeIfStarted, endIfStarted } from '../support/teardown';
import { waitFor } from '../support/wait';
import { z } from 'zod';

/**
 * Deliberately NOT idempotent: it counts every application. If two runners ever applied the
 * same event, or a batch took effect twice, a count would exceed 1.
 */
const countingProjection: Projection = {
  name: 'test_counting',
  tables: ['test_applications'],
  canHandle: 'all',
  async apply(transaction, events, tables) {
    await transaction(tables.test_applications)
      .insert(events.map((event) => ({ event_id: event.eventId, times: 1 })))
      .onConflict('event_id')
      .merge({ times: transaction.raw('??.times + 1', [tables.test_applications]) });
  },
};

describe('projection runners across two app instances on one database', () => {
  let first: TestApp;
  let second: TestApp;
  let owner: Knex;

  beforeAll(async () => {
    const withCounting = {
      configure: (builder: TestingModuleBuilder) =>
        builder.overrideProvider(PROJECTIONS).useValue([ledgerStreamsProjection, countingProjection]),
    };
    first = await startTestApp({ ...withCounting, env: { INTEGRITY_CHECK_ON_START: 'false' } });
    owner = knexFactory({ client: 'pg', connection: first.ownerUrl });
    await owner.raw(
      'create table test_applications (event_id uuid primary key, times int not null); grant all on test_applications to smartstart_app',
    );
    second = await startTestApp({
      ...withCounting,
      ownerUrl: first.ownerUrl,
      env: { INTEGRITY_CHECK_ON_START: 'false' },
    });
  });
  afterAll(async () => {
    await closeIfStarted(second);
    await closeIfStarted(first);
    await endIfStarted(owner);
  });

  it('applies every event exactly once while both instances append concurrently', async () => {
    const writes = Array.from({ length: 40 }, (_, index) =>
      (index % 2 ? first : second).appendEvents(uniqueStream(), 5),
    );
    await Promise.all(writes);
    await first.waitForProjections();
    const counts: unknown = await owner('test_applications')
      .select(owner.raw('count(*)::int as events'), owner.raw('max(times) as most'), owner.raw('min(times) as least'))
      .first();
    expect(counts).toEqual({ events: 200, most: 1, least: 1 });
    // Each is led by one instance, and the two share the runners (these projections and the
    // reactors) out, half each at most (the first to start took them all and hands the excess
    // over once the second counts): wait for that to land.
    const half = Math.ceil(first.app.get(FeedRunnersService).runners.length / 2);
    const sharedOut = () => {
      const leaders = [first, second].map((app) => app.app.get(FeedRunnersService).ledHere());
      const ledByOne = ['ledger_streams', 'test_counting'].every(
        (name) => leaders.filter((led) => led.has(name)).length === 1,
      );
      return ledByOne && leaders.every((led) => led.size > 0 && led.size <= half);
    };
    await waitFor('each projection led by exactly one instance, the runners shared out', sharedOut);
  });

  it('hands leadership over when the leading instance stops', async () => {
    const leader = first.app.get(FeedRunnersService).ledHere().has('test_counting') ? first : second;
    const follower = leader === first ? second : first;
    await leader.app.get(FeedRunnersService).beforeApplicationShutdown();
    await follower.appendEvents(uniqueStream(), 3);
    await follower.waitForProjections();
    expect(follower.app.get(FeedRunnersService).ledHere().has('test_counting')).toBe(true);
    const counts: unknown = await owner('test_applications')
      .select(owner.raw('count(*)::int as events'), owner.raw('max(times) as most'))
      .first();
    expect(counts).toEqual({ events: 203, most: 1 });
  });

  it('stops a runner that is asked to stop while it is still taking its lock and checkpoint', async () => {
    // What SIGTERM right after start-up does: before the fix the stop woke nobody and waited for ever.
    const runner = new FeedRunner(
      projectionFollower({ ...countingProjection, name: 'test_stopped_early' }),
      first.store,
      first.database.knex,
      {
        leadershipUrl: first.database.url,
        batchSize: 100,
        leaderRetryMs: 200,
        maxRetries: 5,
        retryBaseMs: 1000,
        logger: pino({ level: 'silent' }),
      },
    );
    runner.start();
    await runner.stop();
    expect(runner.leader).toBe(false);
  });

  it('rebuilds a projection from position 0 into a fresh table that equals the live one', async () => {
    const report = await rebuildAndCompare(ledgerStreamsProjection, first.store, owner);
    expect(report).toMatchObject({ projection: 'ledger_streams', equal: true, eventsReplayed: 203 });
    expect(report.tables).toEqual([
      { table: 'ledger_streams', onlyInLive: 0, onlyInRebuild: 0, samples: { live: [], rebuild: [] } },
    ]);
    expect(await owner.schema.hasTable('ledger_streams__rebuild')).toBe(false);
  });

  it('shows the rows that differ when the live table has drifted', async () => {
    const [victim] = z
      .array(z.object({ stream_id: z.string() }))
      .parse(await owner('ledger_streams').select('stream_id').limit(1));
    await owner('ledger_streams').where(victim).update({ event_count: 999 });
    const report = await rebuildAndCompare(ledgerStreamsProjection, first.store, owner);
    expect(report.equal).toBe(false);
    expect(report.tables[0]).toMatchObject({
      onlyInLive: 1,
      onlyInRebuild: 1,
      samples: { live: [expect.objectContaining({ ...victim, event_count: '999' })] },
    });
  });
});
