import type { Pool } from 'pg';
import type { EventStore, RecordedEvent } from '../../src/platform/event-store/event-store.port';

/**
 * The feed shows an append once no older transaction is open anywhere on the cluster (its
 * snapshot xmin), and other test files share the cluster: wait until all `count` events are final.
 */
export async function finalFeed(store: EventStore, count: number, timeoutMs = 60_000): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await store.readAll({ maxCount: count + 1 });
    if (events.length === count) return events;
    if (Date.now() > deadline)
      throw new Error(`the feed shows ${events.length} of ${count} events after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every event of this test's own database, once the feed shows them all. */
export async function wholeFeed(store: EventStore, pool: Pool): Promise<RecordedEvent[]> {
  const { rows } = await pool.query<{ count: number }>('select count(*)::int as count from events');
  return finalFeed(store, rows[0].count);
}
