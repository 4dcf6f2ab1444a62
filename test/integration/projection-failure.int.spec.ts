import type { TestingModuleBuilder } from '@nestjs/testing';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerStreamsProjection } from '../../projections/ledger-streams/ledger-streams.projection';
import { retryProjectionCommand } from '../../src/cli/commands';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { PROJECTIONS, type Projection } from '../../src/platform/projections/projection';
import { describeApplyError } from '../../src/platform/projections/projection-failure';
import { ProjectionsService } from '../../src/platform/projections/projections.service';
import { anEvent, uniqueStream } from '../support/events';
import { FAILING_FAST_ENV, checkpointOf, waitForProjectionsExcept, waitForStatus } from '../support/projection-failure';
import { TEST_ENV, startTestApp, type TestApp } from '../support/test-app';

/**
 * Throws on the events it is told to: a number of times (a transient fault), or until healed.
 * Counts every apply that contains such an event, and remembers the ones that succeeded.
 */
class FlakyProjection implements Projection {
  readonly name = 'test_flaky';
  readonly tables = [];
  readonly canHandle = 'all';
  readonly failuresLeft = new Map<string, number>();
  readonly tries = new Map<string, number>();
  readonly applied: string[] = [];

  async apply(_transaction: Knex.Transaction, events: readonly RecordedEvent[]): Promise<void> {
    const watched = events.filter((event) => this.failuresLeft.has(event.eventId));
    for (const event of watched) this.tries.set(event.eventId, (this.tries.get(event.eventId) ?? 0) + 1);
    const failing = watched.find((event) => this.failuresLeft.get(event.eventId)! > 0);
    if (failing) {
      this.failuresLeft.set(failing.eventId, this.failuresLeft.get(failing.eventId)! - 1);
      throw new Error(`test: ${failing.type} cannot be applied yet`);
    }
    this.applied.push(...watched.map((event) => event.eventId));
  }
}

const flaky = new FlakyProjection();
const withFlaky = { configure: (builder: TestingModuleBuilder) => builder.overrideProvider(PROJECTIONS).useValue([ledgerStreamsProjection, flaky]) };

/** Appends one event that fails `failures` times before it applies; set before the append, so no runner sees it first. */
async function appendFlaky(app: TestApp, failures: number): Promise<RecordedEvent> {
  const event = anEvent();
  flaky.failuresLeft.set(event.eventId, failures);
  const stream = uniqueStream();
  await app.store.append(stream, [event], { expectedRevision: 'no_stream' });
  return (await app.store.readStream(stream))[0];
}

describe('projection runners and an event a projection cannot apply (real PostgreSQL, two instances)', () => {
  let first: TestApp;
  let second: TestApp | undefined;

  beforeAll(async () => {
    first = await startTestApp({ ...withFlaky, env: FAILING_FAST_ENV });
    await first.appendEvents(uniqueStream(), 2);
    await first.waitForProjections();
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('retries a transient failure with backoff and goes on once it passes, never FAILED', async () => {
    const event = await appendFlaky(first, 2);
    await first.waitForProjections();
    expect(flaky.tries.get(event.eventId)).toBeGreaterThanOrEqual(3);
    expect(flaky.applied).toEqual([event.eventId]);
    expect(await checkpointOf(first, 'test_flaky')).toMatchObject({ status: 'RUNNING', attempts: 0, failed_position: null, failed_error: null, failed_at: null });
  });

  it('once FAILED, stays stopped on every instance, the new leader included, while the other projections go on', async () => {
    const event = await appendFlaky(first, Infinity);
    const failed = await waitForStatus(first, 'test_flaky', 'FAILED');
    expect(failed).toMatchObject({ attempts: 3, failed_event_id: event.eventId, failed_error: 'Error: test: SomethingHappened cannot be applied yet' });
    const triesWhenFailed = flaky.tries.get(event.eventId);

    // Another instance takes over every leader lock.
    second = await startTestApp({ ...withFlaky, ownerUrl: first.ownerUrl, env: FAILING_FAST_ENV });
    await first.app.get(ProjectionsService).beforeApplicationShutdown();
    const later = uniqueStream('later');
    await second.appendEvents(later, 3);
    await waitForProjectionsExcept(second, 'test_flaky');
    expect(second.app.get(ProjectionsService).ledHere().has('ledger_streams')).toBe(true);
    // Several leader-retry intervals, each a chance to try the event again: none is taken. (A
    // slow machine only makes these fewer, so this cannot fail for being slow.)
    await new Promise((resolve) => setTimeout(resolve, 10 * Number(TEST_ENV.LEADER_RETRY_MS)));
    expect(flaky.tries.get(event.eventId)).toBe(triesWhenFailed);
    expect(await checkpointOf(second, 'test_flaky')).toMatchObject({ status: 'FAILED', position: failed.position, attempts: 3 });
  });

  it('resumes on the instance that leads now, at the failed event, after `projections retry`', async () => {
    const app = second!;
    const [failedEventId] = [...flaky.failuresLeft].find(([, left]) => left === Infinity)!;
    flaky.failuresLeft.set(failedEventId, 0);
    const code = await retryProjectionCommand({ database: app.database, ownerUrl: app.ownerUrl, close: async () => undefined }, 'test_flaky');
    expect(code).toBe(0);
    await app.waitForProjections();
    expect(flaky.applied.at(-1)).toBe(failedEventId);
    expect(await checkpointOf(app, 'test_flaky')).toMatchObject({ status: 'RUNNING', attempts: 0, failed_event_id: null });
  });

  it('stores PostgreSQL errors without the values the event carried', async () => {
    const failure = await first.database.knex.raw('select ?::uuid', ['alice@example.com']).catch((error: unknown) => error);
    expect((failure as Error).message).toContain('alice@example.com');
    expect(describeApplyError(failure)).toBe('22P02: invalid input syntax for type uuid: "…"');
    const range = await first.database.knex.raw('select ?::int', ['99999999999']).catch((error: unknown) => error);
    expect(describeApplyError(range)).toBe('22003: value "…" is out of range for type integer');
  });
});
