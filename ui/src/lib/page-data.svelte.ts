import { untrack } from 'svelte';
import { errorMessage } from '$lib/api';
import { live, type LiveNotice, type Topic } from '$lib/live.svelte';

/**
 * How a page gets its data. The portal is a SPA (adapter-static, `ssr = false`, the session in a
 * cookie), so a load function runs in the browser just like `onMount` would; we use it because it
 * runs BEFORE the page renders: no empty first frame, no loading flicker, guards run first, and
 * SvelteKit cancels it when the person navigates on. So:
 *
 * 1. A page's data is read in its `+page.ts` `load`, after its guard (`requireSignedIn`), with the
 *    `fetch` SvelteKit passes. Take `live.mark()` BEFORE the read, and return it as `liveMark`.
 * 2. Data the page can't exist without (a task, a venture): a failure throws `error(404 | 503)`.
 *    Data the page shows in place: wrap the read in `readingOf()`, so a failure is shown, not thrown.
 * 3. The component keeps it fresh: `new LiveData(data.initial, read)` and
 *    `$effect(() => feed.follow(['topic'], data.liveMark))`.
 * 4. The one exception: a panel behind a <RoleGate>. The gate can open in place, after an MFA
 *    step-up, when the page's load has long run (and been refused), so such a panel reads when it
 *    first shows: `new LiveData(null, read)` and `$effect(() => feed.start(['topic']))`.
 *    No other reads in `onMount`; it stays for browser-only work (localStorage, focus).
 *
 *   // +page.ts
 *   export const load: PageLoad = async ({ parent, url, fetch }) => {
 *     await requireSignedIn(parent, url);
 *     const liveMark = live.mark();
 *     return { liveMark, initial: await readingOf(() => listVentures({ fetch })) };
 *   };
 *   // +page.svelte
 *   const ventures = new LiveData(data.initial, () => listVentures());
 *   $effect(() => ventures.follow(['venture'], data.liveMark));
 */

/** One attempt to read something: it never throws, so a failure can be shown in place. */
export type Reading<T> = { ok: true; value: T; receivedAt: Date } | { ok: false; message: string };

export async function readingOf<T>(read: () => Promise<T>): Promise<Reading<T>> {
  try {
    // A timestamp, never mutated: nothing needs to react to changes inside it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    return { ok: true, value: await read(), receivedAt: new Date() };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

/**
 * Data a page shows and keeps fresh. After a failed refresh the last good value stays on screen
 * (marked stale by `error`) rather than blanking the page during a blip.
 */
export interface LiveDataOptions {
  /** Told of every failed read, e.g. to re-read the session when a 403 says it lost a role or its step-up. */
  onFailure?: (error: unknown) => unknown;
}

export class LiveData<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  updatedAt = $state<Date | null>(null);
  refreshing = $state(false);
  /** At least one read has finished, well or not. */
  settled = $state(false);

  #latest = 0;

  constructor(
    initial: Reading<T> | null,
    private readonly read: () => Promise<T>,
    private readonly options: LiveDataOptions = {},
  ) {
    if (initial) this.#apply(initial);
  }

  /** For a panel that reads when it first shows (behind a RoleGate): reads now, then follows `topics`; returns the stop function. */
  start(topics: readonly Topic[] = [], concerns?: (notice: LiveNotice) => boolean): () => void {
    // Called from `$effect`: what the first read touches must not restart it.
    return untrack(() => {
      const since = live.mark();
      void this.refresh();
      return topics.length === 0 ? () => undefined : this.follow(topics, since, concerns);
    });
  }

  /** Refetches on every notice about `topics` after `since` (the load's `liveMark`); returns the stop function, for `$effect`. */
  follow(topics: readonly Topic[], since?: number, concerns?: (notice: LiveNotice) => boolean): () => void {
    return live.follow(topics, () => this.refresh(), { since, concerns });
  }

  /** Reads again; resolves to what it read, and never throws. Only the newest of overlapping reads is shown. */
  async refresh(): Promise<Reading<T>> {
    const attempt = ++this.#latest;
    this.refreshing = true;
    const reading = await readingOf(() =>
      this.read().catch(async (error: unknown) => {
        await this.options.onFailure?.(error);
        throw error;
      }),
    );
    if (attempt === this.#latest) {
      this.#apply(reading);
      this.refreshing = false;
    }
    return reading;
  }

  #apply(reading: Reading<T>): void {
    this.settled = true;
    if (reading.ok) {
      this.value = reading.value;
      this.updatedAt = reading.receivedAt;
      this.error = null;
    } else {
      this.error = reading.message;
    }
  }
}
