import type { Knex } from 'knex';

export interface RateLimit {
  /** Names the counter, so different limits on one subject never share it. */
  bucket: string;
  max: number;
  windowMs: number;
}

// How often one instance sweeps windows that have ended; counts, not correctness, depend on it.
const SWEEP_EVERY_MS = 60_000;

/**
 * Fixed-window counters in PostgreSQL, shared by every instance: one upsert per hit, which
 * serialises on the row, so parallel hits on several instances are all counted.
 */
export class SharedRateLimiter {
  private lastSweepMs = 0;

  constructor(private readonly knex: Knex) {}

  /** Counts a hit of `subject`; returns the seconds to wait when it is over the limit, else null. */
  async hit(limit: RateLimit, subject: string, nowMs: number): Promise<number | null> {
    const windowStartMs = nowMs - (nowMs % limit.windowMs);
    const { rows } = await this.knex.raw<{ rows: { hits: number }[] }>(
      `insert into rate_limit_hits (bucket, subject, window_start_ms, hits) values (?, ?, ?, 1)
       on conflict (bucket, subject, window_start_ms) do update set hits = rate_limit_hits.hits + 1
       returning hits`,
      [limit.bucket, subject, windowStartMs],
    );
    if (nowMs - this.lastSweepMs >= SWEEP_EVERY_MS) void this.sweep(nowMs, limit.windowMs);
    if (rows[0].hits <= limit.max) return null;
    return Math.max(1, Math.ceil((windowStartMs + limit.windowMs - nowMs) / 1000));
  }

  private async sweep(nowMs: number, windowMs: number): Promise<void> {
    this.lastSweepMs = nowMs;
    // Every window in use is at most the longest configured one old; twice that is safely over.
    await this.knex('rate_limit_hits').where('window_start_ms', '<', nowMs - 2 * windowMs).delete().catch(() => undefined);
  }
}
