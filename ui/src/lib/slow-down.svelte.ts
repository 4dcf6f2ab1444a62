import { every, type Poller } from '$lib/poll.svelte';

/**
 * The server's "too many requests" answer, for the whole portal. A 429 is a wait, never a
 * sign-out: the banner says "Slow down: retry in N s" until the time is up, and the session
 * stays as it was.
 */
class SlowDown {
  /** When the server said to try again (epoch ms), or null. */
  untilMs = $state<number | null>(null);
  #nowMs = $state(Date.now());
  #ticker: Poller | undefined;

  readonly secondsLeft = $derived(
    this.untilMs === null ? 0 : Math.max(0, Math.ceil((this.untilMs - this.#nowMs) / 1000)),
  );

  /** A 429 arrived: wait `retryAfterSeconds` (the longest wait any answer asked for wins). */
  hit(retryAfterSeconds: number): void {
    const untilMs = Date.now() + Math.max(1, retryAfterSeconds) * 1000;
    this.untilMs = Math.max(this.untilMs ?? 0, untilMs);
    this.#nowMs = Date.now();
    // A countdown on screen only: it ticks while there is something to count, and sends nothing.
    if (this.#ticker && !this.#ticker.stopped) return;
    this.#ticker = every(
      ({ stop }) => {
        this.#nowMs = Date.now();
        if (this.untilMs !== null && this.#nowMs < this.untilMs) return;
        this.untilMs = null;
        stop();
      },
      { intervalMs: 1_000 },
    );
  }
}

export const slowDown = new SlowDown();

/** What a person reads: "Slow down: retry in 42 s". */
export function slowDownMessage(retryAfterSeconds: number): string {
  return `Slow down: retry in ${Math.max(1, Math.ceil(retryAfterSeconds))} s`;
}

/** The wait a 429 asks for: `details.retryAfterSeconds` in our error body, else the Retry-After header. */
export function retryAfterSecondsOf(response: Response, details: Record<string, unknown> | undefined): number {
  const fromBody = Number(details?.retryAfterSeconds);
  if (Number.isFinite(fromBody) && fromBody > 0) return fromBody;
  const fromHeader = Number(response.headers.get('retry-after'));
  return Number.isFinite(fromHeader) && fromHeader > 0 ? fromHeader : 60;
}
