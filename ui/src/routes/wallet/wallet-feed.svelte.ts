import { errorMessage } from '$lib/api';
import { getProfile, type Profile } from '$lib/api/profiles';
import { getMyWallet, type Wallet, type WalletEntry } from '$lib/api/wallet';
import { live } from '$lib/live.svelte';

export const PAGE_SIZE = 25;

export type WalletSummary = Omit<Wallet, 'ledger' | 'nextCursor'>;

/** One attempt to read the wallet and profile: it never throws, so a failure shows in place. */
export type WalletReading = { ok: true; wallet: Wallet; profile: Profile | null } | { ok: false; message: string };

export async function readWallet(
  userId: string,
  fetchFn: typeof fetch = fetch,
  signal?: AbortSignal,
): Promise<WalletReading> {
  try {
    const [wallet, profile] = await Promise.all([
      getMyWallet({ limit: PAGE_SIZE }, { fetch: fetchFn, signal }),
      // The card is a bonus on this page; a missing profile must not hide the balance.
      getProfile(userId, { fetch: fetchFn, signal }).catch(() => null),
    ]);
    return { ok: true, wallet, profile };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

/**
 * The wallet, kept fresh by live notices: awards arrive asynchronously (a process manager issues
 * them after an acceptance), and the server says when the wallet or the XP changed — once the
 * read model shows it. It used to poll both every 4 s (30 requests a minute per open tab); idle,
 * it now sends none. Older pages loaded with "load more" stay put: the ledger only grows at the
 * top, so a refresh prepends what is new.
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

  constructor(userId: string, initial: WalletReading) {
    this.#userId = userId;
    this.#apply(initial);
  }

  /** Follows the wallet and the XP from `since` (a `live.mark()` taken before the first read); returns the stop function, for `$effect`. */
  start(since: number): () => void {
    const stops = [
      live.follow(['wallet'], () => this.#refreshWallet(), { since }),
      live.follow(['profile'], () => this.#refreshProfile(), { since }),
    ];
    return () => stops.forEach((stop) => stop());
  }

  /** "Refresh now": both. */
  async refresh(): Promise<void> {
    this.refreshing = true;
    this.#apply(await readWallet(this.#userId));
    this.refreshing = false;
  }

  async #refreshWallet(): Promise<void> {
    try {
      this.#applyWallet(await getMyWallet({ limit: PAGE_SIZE }));
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #refreshProfile(): Promise<void> {
    const profile = await getProfile(this.#userId).catch(() => null);
    if (profile) this.profile = profile;
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
    if (reading.profile) this.profile = reading.profile;
    this.#applyWallet(reading.wallet);
  }

  #applyWallet(wallet: Wallet): void {
    const { ledger, nextCursor, ...summary } = wallet;
    this.summary = summary;
    this.#mergeFirstPage(ledger, nextCursor);
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- never mutated: the next update replaces it
    this.updatedAt = new Date();
    this.error = null;
  }

  #mergeFirstPage(ledger: WalletEntry[], nextCursor: number | null): void {
    const newest = this.entries.at(0)?.revision;
    const newer = newest === undefined ? ledger : ledger.filter((entry) => entry.revision > newest);
    // A first page made only of new entries may leave a gap above what we hold: start over from it.
    if (newest === undefined || (newer.length === ledger.length && nextCursor !== null)) {
      this.entries = ledger;
      this.nextCursor = nextCursor;
    } else if (newer.length > 0) {
      this.entries = [...newer, ...this.entries];
    }
  }
}
