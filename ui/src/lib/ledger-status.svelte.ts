import { errorMessage, getLedgerStatus, type LedgerStatus } from '$lib/api';

/** One attempt to read the status: it never throws, so a failure can be shown in place. */
export type LedgerStatusReading =
  | { ok: true; status: LedgerStatus; receivedAt: Date }
  | { ok: false; message: string };

export async function readLedgerStatus(
  fetchFn: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<LedgerStatusReading> {
  try {
    const status = await getLedgerStatus({ fetch: fetchFn, signal });
    return { ok: true, status, receivedAt: new Date() };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

export const REFRESH_INTERVAL_MS = 5_000;

/**
 * The ledger status, kept fresh by polling. After a failure the last good status stays on
 * screen (marked stale by `error`) rather than blanking the page during a blip.
 */
export class LedgerStatusFeed {
  status = $state<LedgerStatus | null>(null);
  error = $state<string | null>(null);
  updatedAt = $state<Date | null>(null);
  refreshing = $state(false);

  readonly #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #running = false;

  constructor(initial: LedgerStatusReading, intervalMs = REFRESH_INTERVAL_MS) {
    this.#intervalMs = intervalMs;
    this.#apply(initial);
  }

  /** Starts polling and returns the function that stops it, which suits `$effect`. */
  start(): () => void {
    this.#running = true;
    this.#schedule();
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    return () => this.stop();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    this.refreshing = false;
    document.removeEventListener('visibilitychange', this.#onVisibilityChange);
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.refreshing = true;
    const reading = await readLedgerStatus(fetch, controller.signal);
    // A newer refresh or stop() superseded this one; its answer is already out of date.
    if (controller.signal.aborted) return;
    this.#apply(reading);
    this.refreshing = false;
    this.#schedule();
  }

  #apply(reading: LedgerStatusReading): void {
    if (reading.ok) {
      this.status = reading.status;
      this.updatedAt = reading.receivedAt;
      this.error = null;
    } else {
      this.error = reading.message;
    }
  }

  // A chain of timeouts rather than setInterval, so a slow answer never overlaps the next call.
  #schedule(): void {
    if (!this.#running || document.hidden) return;
    this.#timer = setTimeout(() => void this.refresh(), this.#intervalMs);
  }

  // Hidden tabs stop polling; coming back refreshes at once instead of showing old numbers.
  #onVisibilityChange = (): void => {
    if (document.hidden) clearTimeout(this.#timer);
    else void this.refresh();
  };
}
