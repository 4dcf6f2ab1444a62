/**
 * Fixed-window counters per key, in this process's memory. With several API instances each
 * enforces its own window (the effective limit is N × the setting); a shared store would be
 * the next step if that matters.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedMs: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a hit; returns the seconds to wait when over the limit, else null. */
  hit(key: string, nowMs: number): number | null {
    let window = this.windows.get(key);
    if (!window || nowMs - window.startedMs >= this.windowMs) {
      window = { startedMs: nowMs, count: 0 };
      this.windows.set(key, window);
      this.evictExpired(nowMs);
    }
    window.count += 1;
    if (window.count <= this.max) return null;
    return Math.max(1, Math.ceil((window.startedMs + this.windowMs - nowMs) / 1000));
  }

  private evictExpired(nowMs: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) if (nowMs - window.startedMs >= this.windowMs) this.windows.delete(key);
  }
}
