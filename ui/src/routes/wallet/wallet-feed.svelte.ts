import { errorMessage } from '$lib/api';
import { getProfile, type Profile } from '$lib/api/profiles';
import { getMyWallet, type Wallet, type WalletEntry } from '$lib/api/wallet';

export const PAGE_SIZE = 25;
/** Awards arrive asynchronously (a process manager issues them after an acceptance). */
export const REFRESH_INTERVAL_MS = 4_000;

export type WalletSummary = Omit<Wallet, 'ledger' | 'nextCursor'>;

/** One attempt to read the wallet and profile: it never throws, so a failure shows in place. */
export type WalletReading =
  | { ok: true; wallet: Wallet; profile: Profile | null; receivedAt: Date }
  | { ok: false; message: string };

export async function readWallet(userId: string, fetchFn: typeof fetch = fetch, signal?: AbortSignal): Promise<WalletReading> {
  try {
    const [wallet, profile] = await Promise.all([
      getMyWallet({ limit: PAGE_SIZE }, { fetch: fetchFn, signal }),
      // The card is a bonus on this page; a missing profile must not hide the balance.
      getProfile(userId, { fetch: fetchFn, signal }).catch(() => null),
    ]);
    return { ok: true, wallet, profile, receivedAt: new Date() };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

/**
 * The wallet, kept fresh by polling the first ledger page. Older pages loaded with "load more"
 * stay put: the ledger only grows at the top, so a refresh prepends what is new.
 */
export class WalletFeed {
  summary = $state<WalletSummary | null>(null);
  profile = $state<Profile | null>(null);
  entries = $state<WalletEntry[]>([]);
  nextCursor = $state<number | null>(null);
  error = $state<string | null>(null);
  moreError = $state<string | null>(null);
  updatedAt = $state<Date | null>(null);
  refreshing = $state(false);
  loadingMore = $state(false);

  readonly #userId: string;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #running = false;

  constructor(userId: string, initial: WalletReading) {
    this.#userId = userId;
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
    const reading = await readWallet(this.#userId, fetch, controller.signal);
    if (controller.signal.aborted) return;
    this.#apply(reading);
    this.refreshing = false;
    this.#schedule();
  }

  async loadMore(): Promise<void> {
    if (this.nextCursor === null || this.loadingMore) return;
    this.loadingMore = true;
    try {
      const page = await getMyWallet({ cursor: this.nextCursor, limit: PAGE_SIZE });
      const oldest = this.entries.at(-1)?.revision ?? Number.POSITIVE_INFINITY;
      this.entries = [...this.entries, ...page.ledger.filter((entry) => entry.revision < oldest)];
      this.nextCursor = page.nextCursor;
      this.moreError = null;
    } catch (error) {
      this.moreError = errorMessage(error);
    } finally {
      this.loadingMore = false;
    }
  }

  #apply(reading: WalletReading): void {
    if (!reading.ok) {
      this.error = reading.message;
      return;
    }
    const { ledger, nextCursor, ...summary } = reading.wallet;
    this.summary = summary;
    if (reading.profile) this.profile = reading.profile;
    this.#mergeFirstPage(ledger, nextCursor);
    this.updatedAt = reading.receivedAt;
    this.error = null;
  }

  #mergeFirstPage(ledger: WalletEntry[], nextCursor: number | null): void {
    const newest = this.entries[0]?.revision;
    const newer = newest === undefined ? ledger : ledger.filter((entry) => entry.revision > newest);
    // A first page made only of new entries may leave a gap above what we hold: start over from it.
    if (newest === undefined || (newer.length === ledger.length && nextCursor !== null)) {
      this.entries = ledger;
      this.nextCursor = nextCursor;
    } else if (newer.length > 0) {
      this.entries = [...newer, ...this.entries];
    }
  }

  // A chain of timeouts rather than setInterval, so a slow answer never overlaps the next call.
  #schedule(): void {
    if (!this.#running || document.hidden) return;
    this.#timer = setTimeout(() => void this.refresh(), REFRESH_INTERVAL_MS);
  }

  // Hidden tabs stop polling; coming back refreshes at once instead of showing old numbers.
  #onVisibilityChange = (): void => {
    if (document.hidden) clearTimeout(this.#timer);
    else void this.refresh();
  };
}
