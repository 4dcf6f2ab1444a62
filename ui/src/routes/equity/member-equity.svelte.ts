import { errorMessage } from '$lib/api';
import { getActiveWindows, getMyConversions, type ActiveWindow, type Conversion } from '$lib/api/conversion';
import { listVentures } from '$lib/api/ventures';
import { getMyWallet, type Wallet } from '$lib/api/wallet';
import { live } from '$lib/live.svelte';

/** One read of the page's three sources; each may fail on its own. */
export type EquityReading = [
  PromiseSettledResult<ActiveWindow[]>,
  PromiseSettledResult<Wallet>,
  PromiseSettledResult<Conversion[]>,
];

export function readEquity(fetchFn: typeof fetch = fetch): Promise<EquityReading> {
  return Promise.allSettled([
    getActiveWindows({ fetch: fetchFn }),
    getMyWallet({ limit: 1 }, { fetch: fetchFn }),
    getMyConversions({ fetch: fetchFn }),
  ]);
}

/**
 * What the member's equity page shows: the open windows, the wallet and their requests, kept
 * fresh by live notices (a window opening or closing, a vote or a settlement of one of their
 * requests, a lock or unlock in their wallet). A failed read keeps the last good answer on screen
 * and says so in `error`.
 */
export class MemberEquity {
  windows = $state<ActiveWindow[] | null>(null);
  wallet = $state<Wallet | null>(null);
  conversions = $state<Conversion[] | null>(null);
  ventureNames = $state<Record<string, string>>({});
  error = $state<string | null>(null);

  /** The page load's first reading (see $lib/page-data.svelte.ts). */
  constructor(initial: EquityReading) {
    this.#apply(initial);
  }

  /**
   * Follows the windows, the wallet and the requests from `since` (the load's `liveMark`); names
   * the ventures; returns the stop function, for `$effect`.
   */
  start(since: number): () => void {
    void this.#nameVentures();
    return live.follow(['window', 'wallet', 'conversion'], () => this.refresh(), { since });
  }

  async refresh(): Promise<void> {
    this.#apply(await readEquity());
    await this.#nameVentures();
  }

  #apply([windows, wallet, conversions]: EquityReading): void {
    if (windows.status === 'fulfilled') this.windows = windows.value;
    if (wallet.status === 'fulfilled') this.wallet = wallet.value;
    if (conversions.status === 'fulfilled') this.conversions = conversions.value;
    const failed = [windows, wallet, conversions].find((result) => result.status === 'rejected');
    this.error = failed ? errorMessage(failed.reason) : null;
  }

  /** After a request: the read models show it ~100 ms later. */
  async requested(conversionId: string, lockedBuz: string, availableBefore: string): Promise<void> {
    const expected = BigInt(availableBefore) - BigInt(lockedBuz);
    await this.#settle(
      live.readUntil(['conversion'], getMyConversions, (list) =>
        list.some((conversion) => conversion.conversionId === conversionId),
      ),
      live.readUntil(
        ['wallet'],
        () => getMyWallet({ limit: 1 }),
        (wallet) => BigInt(wallet.availableBuz) <= expected,
      ),
    );
  }

  /** After a cancel: the process manager unlocks the BUZ a few hundred ms later. */
  async cancelled(conversionId: string): Promise<void> {
    const before = this.wallet?.availableBuz ?? '0';
    await this.#settle(
      live.readUntil(['conversion'], getMyConversions, (list) =>
        list.some((conversion) => conversion.conversionId === conversionId && conversion.status === 'CANCELLED'),
      ),
      live.readUntil(
        ['wallet'],
        () => getMyWallet({ limit: 1 }),
        (wallet) => BigInt(wallet.availableBuz) > BigInt(before),
      ),
    );
  }

  async #settle(conversions: Promise<Conversion[]>, wallet: Promise<Wallet>): Promise<void> {
    try {
      [this.conversions, this.wallet] = await Promise.all([conversions, wallet]);
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  // Requests name their venture by id only; a missing name falls back to the id.
  async #nameVentures(): Promise<void> {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
    const known = new Set(Object.keys(this.ventureNames));
    const wanted = [...(this.windows ?? []), ...(this.conversions ?? [])].map((item) => item.ventureId);
    for (const window of this.windows ?? []) this.ventureNames[window.ventureId] ??= window.ventureName;
    if (wanted.every((ventureId) => known.has(ventureId) || this.ventureNames[ventureId])) return;
    try {
      for (const venture of await listVentures()) this.ventureNames[venture.ventureId] = venture.name;
    } catch {
      // Names are a courtesy; the ids still identify the ventures.
    }
  }
}
