import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { LeaderNamespace, tryAcquireLeadership } from '../../src/platform/leadership/leader-lock';
import type { Projection } from '../../src/platform/projections/projection';
import { projectionFollower } from '../../src/platform/feed-runner/feed-follower';
import { FeedRunner } from '../../src/platform/feed-runner/feed-runner';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { signUp } from '../support/identity';
import { startTestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';
import { waitFor } from '../support/wait';

/**
 * A hang detector, not a timing assertion: a shutdown takes milliseconds, and the bound is generous
 * so that a slow machine is never mistaken for a hang; it only turns "never" into a failure.
 */
const HANG_MS = 60_000;

async function settles<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`${what} did not finish within ${HANG_MS} ms`)), HANG_MS)),
  );
  try {
    return await Promise.race([promise, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Its own name per test, so that a runner one test left hanging holds no lease another test needs. */
const idleProjection = (name: string): Projection => ({
  name,
  tables: [],
  canHandle: 'all',
  apply: () => Promise.resolve(),
});

describe('a projection runner stops promptly in any state', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const newRunner = (projection: Projection) =>
    new FeedRunner(projectionFollower(projection), store, database.knex, {
      leadershipUrl: database.url,
      batchSize: 100,
      leaderRetryMs: 50,
      maxRetries: 5,
      retryBaseMs: 1000,
      logger: pino({ level: 'silent' }),
    });

  beforeAll(async () => {
    database = await createTestDatabase('runner_shutdown');
    store = new PostgresEventStore(database.pool, 20);
  });
  afterAll(async () => {
    await closeIfStarted(store);
    await closeIfStarted(database);
  });

  it('stops while it is taking over a lease another instance let go', async () => {
    const projection = idleProjection('test_takeover');
    const otherInstance = await tryAcquireLeadership(database.url, LeaderNamespace.projection, projection.name);
    expect(otherInstance).not.toBeNull();
    const runner = newRunner(projection);
    runner.start();
    // An uncommitted row for the same projection holds the runner's first query after it takes the
    // lease (ensuring its checkpoint row) until this transaction ends: a stop can land in between.
    const holdCheckpoint = await database.knex.transaction();
    await holdCheckpoint('projection_checkpoints').insert({ projection: projection.name, position: null });
    await otherInstance?.release();
    await waitFor('the runner to hold the lease', () => runner.leader, HANG_MS);

    const stopped = runner.stop();
    await holdCheckpoint.rollback();
    await settles('stopping a runner that was taking over', stopped);
    expect(runner.leader).toBe(false);
    // It let the lease go, so the next instance can take over.
    const next = await tryAcquireLeadership(database.url, LeaderNamespace.projection, projection.name);
    expect(next).not.toBeNull();
    await next?.release();
  });

  it('stops both while leading at the tail of the feed and while waiting for the lease', async () => {
    const projection = idleProjection('test_steady');
    const leading = newRunner(projection);
    leading.start();
    await waitFor('one runner to lead', () => leading.leader, HANG_MS);
    const waiting = newRunner(projection);
    waiting.start();
    await settles('stopping the runners', Promise.all([leading.stop(), waiting.stop()]));
    expect([leading.leader, waiting.leader]).toEqual([false, false]);
  });
});

describe('two app instances on one database', () => {
  it('both close, the second one first, after a user signed up', async () => {
    const env = { INTEGRITY_CHECK_ON_START: 'false' };
    const first = await startTestApp({ env });
    const second = await startTestApp({ env, ownerUrl: first.ownerUrl });
    await signUp(first);
    await request(second.baseUrl).get('/api/v1/ledger/status').expect(200);
    // The second one's leases drop as it closes; the first takes over whatever it led, and is
    // asked to stop while it may still be doing so.
    await settles('closing the second instance', second.close());
    await settles('closing the first instance', first.close());
  });
});
