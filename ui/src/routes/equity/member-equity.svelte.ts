import { errorMessage } from '$lib/api';
import { FINAL_CONVERSION_STATUSES, getActiveWindows, getMyConversions, type ActiveWindow, type Conversion } from '$lib/api/conversion';
import { listVentures } from '$lib/api/ventures';
import { getMyWallet, type Wallet } from '$lib/api/wallet';
import { readUntil } from '$lib/poll';

/** While a request is waiting for votes or settlement, the page checks often; otherwise now and then. */
const BUSY_INTERVAL_MS = 5_000;
const QUIET_INTERVAL_MS = 30_000;
/** While one read model has caught up with a settlement and the other has not. */
const CATCH_UP_INTERVAL_MS = 1_000;
const CATCH_UP_READS = 10;

/**
 * What the member's equity page shows: the open windows, the wallet and their requests, kept
 * fresh by polling. A failed read keeps the last good answer on screen and says so in `error`.
 */
export class MemberEquity {
  windows = $state<ActiveWindow[] | null>(null);
  wallet = $state<Wallet | null>(null);
  conversions = $state<Conversion[] | null>(null);
  ventureNames = $state<Record<string, string>>({});
  error = $state<string | null>(null);

  /** Requests the board or the settlement has yet to finish with. */
  readonly unfinished = $derived((this.conversions ?? []).filter((conversion) => !FINAL_CONVERSION_STATUSES.includes(conversion.status)));

  /**
   * The wallet and the requests are separate read models: a settled request can show before its
   * burn and unlock reach the wallet. Until then the BUZ locked differs from what open requests hold.
   */
  readonly catchingUp = $derived(
    this.wallet !== null &&
      this.conversions !== null &&
      BigInt(this.wallet.pendingLockBuz) !== this.unfinished.reduce((sum, conversion) => sum + BigInt(conversion.amountBuz), 0n),
  );

  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #catchUpReads = 0;

  /** Starts polling and returns the function that stops it, which suits `$effect`. */
  start(): () => void {
    this.#running = true;
    void this.refresh();
    document.addEventListener('visibilitychange', this.#onVisibilityChange);
    return () => {
      this.#running = false;
      clearTimeout(this.#timer);
      document.removeEventListener('visibilitychange', this.#onVisibilityChange);
    };
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    const [windows, wallet, conversions] = await Promise.allSettled([getActiveWindows(), getMyWallet({ limit: 1 }), getMyConversions()]);
    if (windows.status === 'fulfilled') this.windows = windows.value;
    if (wallet.status === 'fulfilled') this.wallet = wallet.value;
    if (conversions.status === 'fulfilled') this.conversions = conversions.value;
    const failed = [windows, wallet, conversions].find((result) => result.status === 'rejected');
    this.error = failed ? errorMessage(failed.reason) : null;
    await this.#nameVentures();
    this.#schedule();
  }

  /** After a request: the read models show it ~100 ms later. */
  async requested(conversionId: string, lockedBuz: string, availableBefore: string): Promise<void> {
    const expected = BigInt(availableBefore) - BigInt(lockedBuz);
    await this.#settle(
      readUntil(getMyConversions, (list) => list.some((conversion) => conversion.conversionId === conversionId)),
      readUntil(() => getMyWallet({ limit: 1 }), (wallet) => BigInt(wallet.availableBuz) <= expected),
    );
  }

  /** After a cancel: the process manager unlocks the BUZ a few hundred ms later. */
  async cancelled(conversionId: string): Promise<void> {
    const before = this.wallet?.availableBuz ?? '0';
    await this.#settle(
      readUntil(getMyConversions, (list) => list.some((conversion) => conversion.conversionId === conversionId && conversion.status === 'CANCELLED')),
      readUntil(() => getMyWallet({ limit: 1 }), (wallet) => BigInt(wallet.availableBuz) > BigInt(before)),
    );
  }

  async #settle(conversions: Promise<Conversion[]>, wallet: Promise<Wallet>): Promise<void> {
    try {
      [this.conversions, this.wallet] = await Promise.all([conversions, wallet]);
    } catch (error) {
      this.error = errorMessage(error);
    }
    this.#schedule();
  }

  // Requests name their venture by id only; a missing name falls back to the id.
  async #nameVentures(): Promise<void> {
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

  // A chain of timeouts rather than setInterval, so a slow answer never overlaps the next call.
  #schedule(): void {
    clearTimeout(this.#timer);
    if (!this.#running || document.hidden) return;
    // Bounded, so a lock the requests never explain (a half-finished write) can't poll forever.
    this.#catchUpReads = this.catchingUp ? this.#catchUpReads + 1 : 0;
    const catchingUp = this.#catchUpReads > 0 && this.#catchUpReads <= CATCH_UP_READS;
    const delayMs = catchingUp ? CATCH_UP_INTERVAL_MS : this.unfinished.length > 0 ? BUSY_INTERVAL_MS : QUIET_INTERVAL_MS;
    this.#timer = setTimeout(() => void this.refresh(), delayMs);
  }

  #onVisibilityChange = (): void => {
    if (document.hidden) clearTimeout(this.#timer);
    else void this.refresh();
  };
}
