import { errorMessage, getLedgerStatus, type LedgerStatus } from '$lib/api';
import { live } from '$lib/live.svelte';
import { every } from '$lib/poll.svelte';

/** One attempt to read the status: it never throws, so a failure can be shown in place. */
export type LedgerStatusReading = { ok: true; status: LedgerStatus; receivedAt: Date } | { ok: false; message: string };

export async function readLedgerStatus(
  fetchFn: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<LedgerStatusReading> {
  try {
    const status = await getLedgerStatus({ fetch: fetchFn, signal });
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- never mutated: the next reading replaces it
    return { ok: true, status, receivedAt: new Date() };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

/**
 * Visitors who are not signed in have no live stream, so the status page polls for them, slowly:
 * a visitor's requests count against their address's 100 per 15 minutes, which everyone behind
 * the same NAT shares (15 per tab per 15 minutes at this pace).
 */
export const ANONYMOUS_REFRESH_MS = 60_000;

/**
 * The ledger status, kept fresh by `ledger` notices (coalesced by the server to one per 5 s while
 * events arrive, none while the ledger is idle). After a failure the last good status stays on
 * screen (marked stale by `error`) rather than blanking the page during a blip.
 */
export class LedgerStatusFeed {
  status = $state<LedgerStatus | null>(null);
  error = $state<string | null>(null);
  updatedAt = $state<Date | null>(null);
  refreshing = $state(false);

  #inFlight: AbortController | undefined;

  constructor(initial: LedgerStatusReading) {
    this.#apply(initial);
  }

  /** Follows the ledger from `since` (a `live.mark()` taken before the first read); returns the stop function, for `$effect`. */
  start(since: number): () => void {
    const unfollow = live.follow(['ledger'], () => this.refresh(), { since });
    // A failed read is on screen already; throwing only makes the poller wait longer before the next.
    const poller = every(
      async () => {
        const reading = await this.refresh();
        if (!reading.ok) throw new Error(reading.message);
      },
      { intervalMs: ANONYMOUS_REFRESH_MS, when: () => live.status === 'off' },
    );
    return () => {
      unfollow();
      poller.stop();
      this.#inFlight?.abort();
      this.refreshing = false;
    };
  }

  async refresh(): Promise<LedgerStatusReading> {
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.refreshing = true;
    const reading = await readLedgerStatus(fetch, controller.signal);
    // A newer refresh or stop() superseded this one; its answer is already out of date.
    if (controller.signal.aborted) return reading;
    this.#apply(reading);
    this.refreshing = false;
    return reading;
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
}
