import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GlobalPosition, RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { SharedFeed } from '../../../src/platform/event-store/postgres/postgres-shared-feed';

/** An in-memory feed in PostgreSQL's position format; counts the reads that reach "the database". */
function memoryFeed() {
  const events: RecordedEvent[] = [];
  let reads = 0;
  const indexOf = (position: GlobalPosition | null) =>
    position === null ? -1 : events.findIndex((event) => event.position === position);
  return {
    events,
    reads: () => reads,
    append(count: number) {
      for (let index = 0; index < count; index += 1) {
        const n = events.length + 1;
        events.push({
          position: `7:${n}`,
          eventId: `e${n}`,
          streamId: 's-1',
          revision: BigInt(n - 1),
          type: 'T',
          data: {},
          metadata: {} as never,
          dataText: '{}',
          metadataText: '{}',
          prevHash: '',
          hash: '',
        });
      }
    },
    readAfter: (from: GlobalPosition | null, maxCount: number) => {
      reads += 1;
      const start = indexOf(from) + 1;
      return Promise.resolve(events.slice(start, start + maxCount));
    },
  };
}

function follower(feed: SharedFeed, from: GlobalPosition | null, batchSize: number) {
  const seen: string[] = [];
  const subscription = feed.subscribe(from, batchSize, (batch) => {
    seen.push(...batch.map((event) => event.eventId));
    return Promise.resolve();
  });
  return { seen, subscription };
}

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > 5000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('SharedFeed: one tail reader for every subscription of a process', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('delivers every event once and in order to subscriptions at different positions, through a window smaller than the backlog', async () => {
    const memory = memoryFeed();
    memory.append(25);
    const feed = new SharedFeed({ readAfter: memory.readAfter, pollIntervalMs: 10, windowEvents: 4 });
    const fromStart = follower(feed, null, 3);
    const fromTen = follower(feed, '7:10', 5);
    for (let round = 0; round < 10; round += 1) {
      memory.append(3);
      feed.nudge();
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const all = memory.events.map((event) => event.eventId);
    await until(() => fromStart.seen.length >= all.length && fromTen.seen.length >= all.length - 10);
    expect(fromStart.seen).toEqual(all);
    expect(fromTen.seen).toEqual(all.slice(10));
    await Promise.all([fromStart.subscription.stop(), fromTen.subscription.stop()]);
  });

  it('reads the idle tail once per interval however many subscriptions follow it', async () => {
    // The feed's timers run on vitest's clock: ten intervals pass when the test says, and the count is exact.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const memory = memoryFeed();
    memory.append(2);
    const feed = new SharedFeed({ readAfter: memory.readAfter, pollIntervalMs: 50, windowEvents: 100 });
    const followers = Array.from({ length: 9 }, () => follower(feed, null, 500));
    const fakeUntil = async (condition: () => boolean) => {
      for (let ticks = 0; !condition(); ticks += 1) {
        if (ticks > 100) throw new Error('never happened');
        await vi.advanceTimersByTimeAsync(10);
      }
    };
    await fakeUntil(() => followers.every((one) => one.seen.length === 2));
    const readsBefore = memory.reads();
    await vi.advanceTimersByTimeAsync(500);
    // One read per 50 ms interval; nine pollers of their own would have made 90.
    expect(memory.reads() - readsBefore).toBe(10);
    memory.append(1);
    await fakeUntil(() => followers.every((one) => one.seen.length === 3));
    await Promise.all(followers.map((one) => one.subscription.stop()));
  });

  it('passes a failed read to every waiting subscription', async () => {
    const memory = memoryFeed();
    let failing = false;
    const feed = new SharedFeed({
      readAfter: (from, max) =>
        failing ? Promise.reject(new Error('connection terminated')) : memory.readAfter(from, max),
      pollIntervalMs: 10,
      windowEvents: 10,
    });
    const one = follower(feed, null, 10);
    await until(() => memory.reads() > 0);
    failing = true;
    await expect(one.subscription.done).rejects.toThrow('connection terminated');
  });
});
