import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import type { Decider, DomainEvent } from '../../src/shared-kernel/decider';
import { StreamStateCache } from '../../src/platform/event-store/stream-state-cache';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { anEvent, uniqueStream } from '../support/events';
import { closeIfStarted } from '../support/teardown';

/** Sums `value` over a stream: enough state to see which events were folded in, and how often. */
const sumDecider: Decider<number, DomainEvent> = {
  initialState: 0,
  evolve: (sum, event) => sum + Number(event.data.value),
};

describe('StreamStateCache on real PostgreSQL', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('state-cache');
    store = new PostgresEventStore(database.pool, 10);
  });
  afterAll(async () => {
    await closeIfStarted(store);
    await closeIfStarted(database);
  });

  it('loads many streams in one read and, later, folds in only what other writers appended since', async () => {
    const [a, b, empty] = [uniqueStream(), uniqueStream(), uniqueStream()];
    await store.append(a, [anEvent('Added', { value: 1 }), anEvent('Added', { value: 2 })], {
      expectedRevision: 'no_stream',
    });
    await store.append(b, [anEvent('Added', { value: 10 })], { expectedRevision: 'no_stream' });
    const cache = new StreamStateCache();

    const first = await cache.loadMany(store, [a, b, empty], sumDecider);
    expect([...first].map(([streamId, entry]) => [streamId, entry.state, entry.revision])).toEqual([
      [a, 3, 1n],
      [b, 10, 0n],
      [empty, 0, -1n],
    ]);

    // Written behind the cache's back, as another instance would.
    await store.append(a, [anEvent('Added', { value: 100 })], { expectedRevision: 1n });
    await store.append(empty, [anEvent('Added', { value: 7 })], { expectedRevision: 'no_stream' });
    const second = await cache.loadMany(store, [a, b, empty], sumDecider);
    expect([...second].map(([streamId, entry]) => [streamId, entry.state, entry.revision])).toEqual([
      [a, 103, 2n],
      [b, 10, 0n],
      [empty, 7, 0n],
    ]);
    expect(second.get(a)?.eventIds.size).toBe(3);

    // One stream at a time sees the same state as the batch did.
    expect((await cache.load(store, a, sumDecider)).state).toBe(103);
  });

  it('folds each event once when loads of the same streams run at the same time', async () => {
    const streams = [uniqueStream(), uniqueStream()];
    for (const streamId of streams)
      await store.append(streamId, [anEvent('Added', { value: 1 }), anEvent('Added', { value: 2 })], {
        expectedRevision: 'no_stream',
      });
    const cache = new StreamStateCache();

    const loads = await Promise.all([
      cache.loadMany(store, streams, sumDecider),
      cache.loadMany(store, streams, sumDecider),
      cache.loadMany(store, streams, sumDecider),
    ]);
    for (const loaded of loads) expect(streams.map((streamId) => loaded.get(streamId)?.state)).toEqual([3, 3]);
    expect((await cache.loadMany(store, streams, sumDecider)).get(streams[0])?.state).toBe(3);
  });
});
