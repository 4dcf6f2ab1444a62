import type { Knex } from 'knex';

export interface RateLimit {
  /** Names the counter, so different limits on one subject never share it. */
  bucket: string;
  max: number;
  windowMs: number;
  /**
   * A large budget whose first half may be counted in batches (see SharedRateLimiter). Leave it
   * off for the small budgets that guard credentials: those are written one hit at a time.
   */
  batched?: boolean;
}

// How often one instance sweeps windows that have ended; counts, not correctness, depend on it.
const SWEEP_EVERY_MS = 60_000;
// How long batched hits wait before they are written, in one statement for all counters.
const FLUSH_EVERY_MS = 20;

interface Counter {
  readonly limit: RateLimit;
  readonly subject: string;
  readonly windowStartMs: number;
  /** The shared total as this instance last wrote it. */
  knownHits: number;
  /** Batched hits: admitted here, not written yet. */
  pendingHits: number;
  /** Hits that wait for their total, in arrival order. */
  readonly waiting: Waiter[];
  /** Hits in the write in flight; one write per counter at a time, so totals come back in order. */
  writingHits: number;
}

interface Waiter {
  resolve(total: number): void;
  reject(error: unknown): void;
}

interface CounterRow {
  bucket: string;
  subject: string;
  window_start_ms: string;
  hits: number;
}

/**
 * Fixed-window counters in PostgreSQL, shared by every instance. Writes serialise on the row, so
 * parallel hits on several instances are all counted. On one instance the answer at the limit is
 * exact: a counter has one write in flight at a time, and the hits that arrive meanwhile go
 * together in the next one, each answered with its own place in the returned total.
 *
 * A batched limit (the per-account budget every authenticated request pays) also saves the round
 * trip while its counter is under half the budget: those hits are admitted at once and written a
 * few milliseconds later, one statement for every counter of the instance. From half the budget
 * on, each hit waits for its total. Several instances may each admit up to half a budget before
 * they see each other's hits: room a budget of thousands can afford; the sign-in and address
 * budgets are never batched.
 */
export class SharedRateLimiter {
  private lastSweepMs = 0;
  private readonly counters = new Map<string, Counter>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly knex: Knex) {}

  /** Counts a hit of `subject`; returns the seconds to wait when it is over the limit, else null. */
  async hit(limit: RateLimit, subject: string, nowMs: number): Promise<number | null> {
    const windowStartMs = nowMs - (nowMs % limit.windowMs);
    if (nowMs - this.lastSweepMs >= SWEEP_EVERY_MS) void this.sweep(nowMs, limit.windowMs);
    const counter = this.counterOf(limit, subject, windowStartMs);
    const counted = counter.knownHits + counter.writingHits + counter.pendingHits + counter.waiting.length;
    if (limit.batched && counted + 1 <= limit.max / 2) {
      counter.pendingHits += 1;
      this.flushTimer ??= setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
      return null;
    }
    const total = await new Promise<number>((resolve, reject) => {
      counter.waiting.push({ resolve, reject });
      if (counter.writingHits === 0) void this.writeInTurn([counter]);
    });
    if (total <= limit.max) return null;
    return Math.max(1, Math.ceil((windowStartMs + limit.windowMs - nowMs) / 1000));
  }

  private counterOf(limit: RateLimit, subject: string, windowStartMs: number): Counter {
    const key = counterKey(limit.bucket, subject, windowStartMs);
    let counter = this.counters.get(key);
    if (!counter)
      this.counters.set(
        key,
        (counter = { limit, subject, windowStartMs, knownHits: 0, pendingHits: 0, waiting: [], writingHits: 0 }),
      );
    return counter;
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const idle = [...this.counters.values()].filter((counter) => counter.pendingHits > 0 && counter.writingHits === 0);
    if (idle.length > 0) await this.writeInTurn(idle);
  }

  /**
   * Writes the pending and waiting hits of idle counters in one statement, answers each waiting
   * hit with its place in the new total, and goes on with the hits that arrived in the meantime.
   */
  private async writeInTurn(counters: readonly Counter[]): Promise<void> {
    const answering = counters.map((counter) => counter.waiting.splice(0));
    const hits = counters.map((counter, index) => counter.pendingHits + answering[index].length);
    counters.forEach((counter, index) => {
      counter.pendingHits = 0;
      counter.writingHits = hits[index];
    });
    const totals = await this.write(counters, hits).catch((error: unknown) => {
      // The waiting hits fail with it; batched hits lost here are a few of a large budget.
      for (const waiters of answering) for (const waiter of waiters) waiter.reject(error);
      return null;
    });
    counters.forEach((counter, index) => {
      counter.writingHits = 0;
      if (totals) {
        counter.knownHits = Math.max(counter.knownHits, totals[index]);
        const first = totals[index] - answering[index].length;
        answering[index].forEach((waiter, place) => waiter.resolve(first + place + 1));
      }
      if (counter.waiting.length > 0) void this.writeInTurn([counter]);
    });
  }

  /** Adds `hits[i]` to each counter in one statement; returns the totals, in the same order. */
  private async write(counters: readonly Counter[], hits: readonly number[]): Promise<number[]> {
    const { rows } = await this.knex.raw<{ rows: CounterRow[] }>(
      `insert into rate_limit_hits as stored (bucket, subject, window_start_ms, hits)
       select * from unnest(?::text[], ?::text[], ?::bigint[], ?::int[])
       on conflict (bucket, subject, window_start_ms) do update set hits = stored.hits + excluded.hits
       returning bucket, subject, window_start_ms, hits`,
      [
        counters.map((c) => c.limit.bucket),
        counters.map((c) => c.subject),
        counters.map((c) => c.windowStartMs),
        [...hits],
      ],
    );
    const totals = new Map(
      rows.map((row) => [counterKey(row.bucket, row.subject, Number(row.window_start_ms)), row.hits]),
    );
    return counters.map(
      (counter) => totals.get(counterKey(counter.limit.bucket, counter.subject, counter.windowStartMs)) ?? 0,
    );
  }

  private async sweep(nowMs: number, windowMs: number): Promise<void> {
    this.lastSweepMs = nowMs;
    // Every window in use is at most the longest configured one old; twice that is safely over.
    const endedBeforeMs = nowMs - 2 * windowMs;
    for (const [key, counter] of this.counters)
      if (counter.windowStartMs < endedBeforeMs && counter.pendingHits === 0 && counter.writingHits === 0)
        this.counters.delete(key);
    await this.knex('rate_limit_hits')
      .where('window_start_ms', '<', endedBeforeMs)
      .delete()
      .catch(() => undefined);
  }
}

function counterKey(bucket: string, subject: string, windowStartMs: number): string {
  return `${bucket}\u0000${subject}\u0000${windowStartMs}`;
}
