import type { TestingModuleBuilder } from '@nestjs/testing';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerStreamsProjection } from '../../projections/ledger-streams/ledger-streams.projection';
import { retryFollowerCommand } from '../../src/cli/commands';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { PROJECTIONS, type Projection } from '../../src/platform/projections/projection';
import { describeApplyError } from '../../src/platform/projections/projection-failure';
import { FeedRunnersService } from '../../src/platform/feed-runner/feed-runners.service';
import { anEvent, uniqueStream } from '../support/events';
import { FAILING_FAST_ENV, checkpointOf, waitForProjectionsExcept, waitForStatus } from '../support/projection-failure';
import { waitFor } from '../support/wait';
import { TEST_ENV, startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

/**
 * Throws on the events it is told to: a number of times (a transient fault), or until healed.
 * Counts every apply that contains such an event, and remembers the ones that succeeded. It can
 * also have a connection dropped under it, by the owner, while it applies an event.
 */
class FlakyProjection implements Projection {
  readonly name = 'test_flaky';
  readonly tables = [];
  readonly canHandle = 'all';
  readonly failuresLeft = new Map<string, number>();
  readonly dropsLeft = new Map<string, number>();
  readonly tries = new Map<string, number>();
  readonly applied: string[] = [];
  owner: Knex | null = null;
  ownerUrl = '';

  async apply(_transaction: Knex.Transaction, events: readonly RecordedEvent[]): Promise<void> {
    await this.dropConnectionOnce(events);
    const watched = events.filter((event) => this.failuresLeft.has(event.eventId) || this.dropsLeft.has(event.eventId));
    for (const event of watched) this.tries.set(event.eventId, (this.tries.get(event.eventId) ?? 0) + 1);
    const failing = watched.find((event) => (this.failuresLeft.get(event.eventId) ?? 0) > 0);
    if (failing) {
      this.failuresLeft.set(failing.eventId, (this.failuresLeft.get(failing.eventId) ?? 0) - 1);
      throw new Error(`test: ${failing.type} cannot be applied yet`);
    }
    this.applied.push(...watched.map((event) => event.eventId));
  }

  /**
   * Like a process manager whose command meets a dropped connection: the apply's own
   * transaction is fine, a connection it uses besides is killed under it.
   */
  private async dropConnectionOnce(events: readonly RecordedEvent[]): Promise<void> {
    const dropping = events.find((event) => (this.dropsLeft.get(event.eventId) ?? 0) > 0);
    if (!dropping) return;
    this.dropsLeft.set(dropping.eventId, (this.dropsLeft.get(dropping.eventId) ?? 0) - 1);
    const owner = this.owner;
    if (!owner) throw new Error('test: the flaky projection was given no owner connection to drop with');
    const other = new pg.Client({ connectionString: this.ownerUrl });
    other.on('error', () => undefined);
    await other.connect();
    try {
      const { rows } = await other.query<{ pid: number }>('select pg_backend_pid() as pid');
      // Waits until the backend is gone, so the next statement meets a dead connection.
      await owner.raw('select pg_terminate_backend(?, 10000)', [rows[0].pid]);
      await other.query('select 1');
    } finally {
      await other.end().catch(() => undefined);
    }
  }
}

const flaky = new FlakyProjection();
const withFlaky = {
  configure: (builder: TestingModuleBuilder) =>
    builder.overrideProvider(PROJECTIONS).useValue([ledgerStreamsProjection, flaky]),
};

/** Appends one event that fails `failures` times before it applies; set before the append, so no runner sees it first. */
async function appendFlaky(app: TestApp, failures: number, faults = flaky.failuresLeft): Promise<RecordedEvent> {
  const event = anEvent();
  faults.set(event.eventId, failures);
  const stream = uniqueStream();
  await app.rawStore.append(stream, [event], { expectedRevision: 'no_stream' });
  return (await app.store.readStream(stream))[0];
}

describe('projection runners and an event a projection cannot apply (real PostgreSQL, two instances)', () => {
  let first: TestApp;
  let second: TestApp | undefined;

  beforeAll(async () => {
    first = await startTestApp({ ...withFlaky, env: FAILING_FAST_ENV });
    flaky.ownerUrl = first.ownerUrl;
    flaky.owner = knexFactory({ client: 'pg', connection: first.ownerUrl, pool: { min: 0, max: 1 } });
    await first.appendEvents(uniqueStream(), 2);
    await first.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(second);
    await closeIfStarted(first);
    await flaky.owner?.destroy();
  });

  it('retries a transient failure with backoff and goes on once it passes, never FAILED', async () => {
    const event = await appendFlaky(first, 2);
    await first.waitForProjections();
    expect(flaky.tries.get(event.eventId)).toBeGreaterThanOrEqual(3);
    expect(flaky.applied).toEqual([event.eventId]);
    expect(await checkpointOf(first, 'test_flaky')).toMatchObject({
      status: 'RUNNING',
      attempts: 0,
      failed_position: null,
      failed_error: null,
      failed_at: null,
    });
  });

  it('does not count a connection dropped under it as a failure of the event', async () => {
    // More drops than the retries FAILING_FAST_ENV allows, so counting them would mark it FAILED.
    const event = await appendFlaky(first, Number(FAILING_FAST_ENV.PROJECTION_MAX_RETRIES) + 2, flaky.dropsLeft);
    await waitFor(
      'the event applied, or the projection FAILED',
      async () =>
        flaky.applied.includes(event.eventId) || (await checkpointOf(first, 'test_flaky'))?.status === 'FAILED',
    );
    expect(flaky.dropsLeft.get(event.eventId)).toBe(0);
    expect(await checkpointOf(first, 'test_flaky')).toMatchObject({ status: 'RUNNING', attempts: 0 });
  });

  it('once FAILED, stays stopped on every instance, the new leader included, while the other projections go on', async () => {
    const event = await appendFlaky(first, Infinity);
    const failed = await waitForStatus(first, 'test_flaky', 'FAILED');
    expect(failed).toMatchObject({
      attempts: 3,
      failed_event_id: event.eventId,
      failed_error: 'Error: test: SomethingHappened cannot be applied yet',
    });
    const triesWhenFailed = flaky.tries.get(event.eventId);

    // Another instance takes over every leader lock.
    second = await startTestApp({ ...withFlaky, ownerUrl: first.ownerUrl, env: FAILING_FAST_ENV });
    await first.app.get(FeedRunnersService).beforeApplicationShutdown();
    const later = uniqueStream('later');
    await second.appendEvents(later, 3);
    await waitForProjectionsExcept(second, 'test_flaky');
    expect(second.app.get(FeedRunnersService).ledHere().has('ledger_streams')).toBe(true);
    // Several leader-retry intervals, each a chance to try the event again: none is taken. (A
    // slow machine only makes these fewer, so this cannot fail for being slow.)
    await new Promise((resolve) => setTimeout(resolve, 10 * Number(TEST_ENV.LEADER_RETRY_MS)));
    expect(flaky.tries.get(event.eventId)).toBe(triesWhenFailed);
    expect(await checkpointOf(second, 'test_flaky')).toMatchObject({
      status: 'FAILED',
      position: failed.position,
      attempts: 3,
    });
  });

  it('resumes on the instance that leads now, at the failed event, after `projections retry`', async () => {
    const app = second;
    if (!app) throw new Error('the second instance did not start');
    const failingForGood = [...flaky.failuresLeft].find(([, left]) => left === Infinity);
    if (!failingForGood) throw new Error('no event is left failing for good');
    const [failedEventId] = failingForGood;
    flaky.failuresLeft.set(failedEventId, 0);
    const code = await retryFollowerCommand(
      { database: app.database, ownerUrl: app.ownerUrl, store: app.store, close: () => Promise.resolve() },
      'projection',
      'test_flaky',
    );
    expect(code).toBe(0);
    await app.waitForProjections();
    expect(flaky.applied.at(-1)).toBe(failedEventId);
    expect(await checkpointOf(app, 'test_flaky')).toMatchObject({
      status: 'RUNNING',
      attempts: 0,
      failed_event_id: null,
    });
  });

  it('stores PostgreSQL errors without the values the event carried', async () => {
    const failure: unknown = await first.database.knex
      .raw('select ?::uuid', ['alice@example.com'])
      .catch((error: unknown) => error);
    expect((failure as Error).message).toContain('alice@example.com');
    expect(describeApplyError(failure)).toBe('22P02: invalid input syntax for type uuid: "…"');
    const range: unknown = await first.database.knex
      .raw('select ?::int', ['99999999999'])
      .catch((error: unknown) => error);
    expect(describeApplyError(range)).toBe('22003: value "…" is out of range for type integer');
  });
});
