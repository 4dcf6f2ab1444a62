import { getMe, isApiError } from '$lib/api';
import { reportSessionExpired } from '$lib/api/http';
import { refreshSession } from '$lib/api/refresh';
import { otherTabs } from '$lib/other-tabs';
import { every, type Poller } from '$lib/poll.svelte';

/** What the server's notices are about (src/live/notices.ts). */
export type Topic =
  | 'wallet'
  | 'profile'
  | 'task'
  | 'venture'
  | 'conversion'
  | 'window'
  | 'account'
  | 'ledger'
  | 'verification'
  | 'notification'
  | 'ring';

/** "This changed": the page refetches what it shows. Null means "anything may have changed": reload everything. */
export interface LiveNotice {
  topic: Topic;
  ids: string[];
}
type Listener = (notice: LiveNotice | null) => void;

interface Subscription {
  topics: ReadonlySet<Topic>;
  listener: Listener;
  /** Notified while the tab was hidden: it reloads once when the tab is shown again. */
  deferred: boolean;
}

export type LiveStatus = 'off' | 'connecting' | 'open' | 'down';

// While the stream is down, pages reload this often; while it is up, never on a timer.
const FALLBACK_RELOAD_MS = 60_000;
const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 60_000;
// Notices kept for a page whose data was read before it subscribed.
const RECENT_NOTICES = 100;

/**
 * One Server-Sent Events stream per tab, shared by every page: pages subscribe by topic and
 * refetch when told, so an idle portal sends no requests. The browser reconnects a dropped
 * stream by itself with Last-Event-ID and the server replays what was missed. When the server
 * asks (`renew`, a minute before the access token expires) the tab refreshes its session and
 * reconnects from where it was; after an HTTP error it asks /auth/me why, which renews a
 * session, signs out one that ended, or shows the slow-down banner, and never signs out for a 429.
 */
class LiveUpdates {
  status = $state<LiveStatus>('off');

  #source: EventSource | null = null;
  #lastEventId: string | null = null;
  #subscriptions = new Set<Subscription>();
  #recent: { sequence: number; notice: LiveNotice | null }[] = [];
  #sequence = 0;
  #retryMs = FIRST_RETRY_MS;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #fallback: Poller | undefined;
  #readyWaiters: (() => void)[] = [];
  #tellTabs: ((notice: LiveNotice) => void) | null = null;

  constructor() {
    if (typeof document === 'undefined') return;
    document.addEventListener('visibilitychange', () => this.#flushDeferred());
    this.#tellTabs = otherTabs((notice) => this.#dispatch(notice));
  }

  /** Opens the stream if it is not open (a signed-in session). */
  start(): void {
    if (this.status === 'off') this.#connect();
  }

  /** Signed out: close, and forget where the stream was. */
  stop(): void {
    this.#close();
    clearTimeout(this.#retryTimer);
    this.#stopFallback();
    this.#lastEventId = null;
    this.status = 'off';
    this.#wakeReadyWaiters();
  }

  /** Resolves when the stream is open, or after `timeoutMs`: a page that loads after it misses nothing. */
  connected(timeoutMs: number): Promise<void> {
    if (this.status === 'open' || this.status === 'off') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Tells this browser's other tabs of a change the server sends no notice for (a notification
   * marked read is not an event): their pages refetch as if the stream had said so. Tabs of one
   * origin share the session cookie, so they show the same person; the message is a topic and
   * ids, never a credential.
   */
  tellOtherTabs(notice: LiveNotice): void {
    this.#tellTabs?.(notice);
  }

  /** A point in this tab's notices; pass it to `subscribe` to hear what arrived since (a page's load). */
  mark(): number {
    return this.#sequence;
  }

  /** Calls `listener` for each notice on `topics`, and once for what arrived after `since`; returns the unsubscribe. */
  subscribe(topics: readonly Topic[], listener: Listener, since?: number): () => void {
    const subscription: Subscription = { topics: new Set(topics), listener, deferred: false };
    this.#subscriptions.add(subscription);
    if (since !== undefined && since < this.#sequence) {
      const missed =
        this.#recent.length === 0 || this.#recent[0].sequence > since + 1
          ? [null]
          : this.#recent.filter((entry) => entry.sequence > since).map((entry) => entry.notice);
      const relevant = missed.find((notice) => notice === null || subscription.topics.has(notice.topic));
      if (relevant !== undefined) this.#notify(subscription, relevant);
    }
    return () => this.#subscriptions.delete(subscription);
  }

  /**
   * Keeps a page's data fresh: `refetch` runs on every relevant notice, one at a time; notices
   * that arrive during a refetch cause one more.
   */
  follow(
    topics: readonly Topic[],
    refetch: () => Promise<unknown>,
    options: { since?: number; concerns?: (notice: LiveNotice) => boolean } = {},
  ): () => void {
    let running = false;
    let again = false;
    const run = async () => {
      if (running) return void (again = true);
      running = true;
      try {
        do {
          again = false;
          await refetch().catch(() => undefined);
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a call made while refetch() awaits sets it
        } while (again);
      } finally {
        running = false;
      }
    };
    return this.subscribe(
      topics,
      (notice) => (notice === null || !options.concerns || options.concerns(notice)) && void run(),
      options.since,
    );
  }

  /**
   * After a write: reads until `done` accepts the answer, reading again when a notice on `topics`
   * says the read model moved (or every second while the stream is down), for at most `timeoutMs`.
   */
  async readUntil<T>(
    topics: readonly Topic[],
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs = 5_000,
  ): Promise<T> {
    let heard = false;
    let wake: (() => void) | undefined;
    const unsubscribe = this.subscribe(topics, () => ((heard = true), wake?.()));
    const deadline = Date.now() + timeoutMs;
    try {
      let value = await read();
      while (!done(value) && Date.now() < deadline) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the subscription sets it while read() awaits
        if (!heard)
          await this.#nextNotice((resolve) => (wake = resolve), this.status === 'open' ? deadline - Date.now() : 1_000);
        heard = false;
        value = await read();
      }
      return value;
    } finally {
      unsubscribe();
    }
  }

  #nextNotice(register: (wake: () => void) => void, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      register(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #connect(): void {
    this.#close();
    if (typeof EventSource === 'undefined') {
      // A browser without Server-Sent Events: pages reload on the slow fallback timer instead.
      this.status = 'down';
      return this.#startFallback();
    }
    this.status = 'connecting';
    const query = this.#lastEventId ? `?lastEventId=${encodeURIComponent(this.#lastEventId)}` : '';
    const source = new EventSource(`/api/v1/live${query}`);
    this.#source = source;
    source.addEventListener('notice', (event) => this.#onNotice(event));
    source.addEventListener('resync', (event) => {
      this.#track(event);
      this.#dispatch(null);
    });
    source.addEventListener('ready', (event) => this.#onReady(event));
    source.addEventListener('renew', (event) => (this.#track(event), void this.#renew()));
    source.addEventListener('reconnect', (event) => {
      this.#track(event);
      this.#connect();
    });
    source.addEventListener('error', () => {
      if (source !== this.#source) return;
      // CONNECTING: a dropped connection the browser retries itself. CLOSED: an HTTP error.
      if (source.readyState === EventSource.CLOSED) void this.#recover();
      else this.status = 'connecting';
    });
  }

  #close(): void {
    this.#source?.close();
    this.#source = null;
  }

  #track(event: Event): void {
    const id = (event as MessageEvent).lastEventId;
    if (id) this.#lastEventId = id;
  }

  #onNotice(event: Event): void {
    this.#track(event);
    const notice = JSON.parse((event as MessageEvent<string>).data) as LiveNotice;
    this.#dispatch(notice);
  }

  #onReady(event: Event): void {
    this.status = 'open';
    this.#retryMs = FIRST_RETRY_MS;
    this.#stopFallback();
    // A new stream (not a resumed one) can't tell what happened before it: pages read then reload.
    if (!(JSON.parse((event as MessageEvent<string>).data) as { resumed: boolean }).resumed) this.#dispatch(null);
    this.#wakeReadyWaiters();
  }

  #dispatch(notice: LiveNotice | null): void {
    this.#sequence += 1;
    this.#recent.push({ sequence: this.#sequence, notice });
    if (this.#recent.length > RECENT_NOTICES) this.#recent.shift();
    for (const subscription of this.#subscriptions)
      if (notice === null || subscription.topics.has(notice.topic)) this.#notify(subscription, notice);
  }

  // A hidden tab refetches nothing; it catches up once when shown.
  #notify(subscription: Subscription, notice: LiveNotice | null): void {
    if (typeof document !== 'undefined' && document.hidden) subscription.deferred = true;
    else subscription.listener(notice);
  }

  #flushDeferred(): void {
    if (document.hidden) return;
    for (const subscription of this.#subscriptions) {
      if (!subscription.deferred) continue;
      subscription.deferred = false;
      subscription.listener(null);
    }
  }

  /** The server ends the stream before the access token expires: renew the session, reconnect where we were. */
  async #renew(): Promise<void> {
    this.#close();
    const outcome = await refreshSession();
    if (this.status === 'off') return;
    if (outcome === 'refreshed') this.#connect();
    else if (outcome === 'ended') {
      this.stop();
      reportSessionExpired();
    } else this.#retryLater();
  }

  /** The stream was refused; EventSource can't say why, an ordinary request can. */
  async #recover(): Promise<void> {
    this.#close();
    this.status = 'down';
    this.#startFallback();
    try {
      // Renews an expired session on its own; a session that ended signs the person out there.
      await getMe();
      this.#retryLater();
    } catch (error) {
      // Read through a method: signing out may have stopped the stream while we waited.
      if (this.#stopped()) return;
      const retryAfterSeconds = isApiError(error, 'RATE_LIMITED') ? Number(error.details.retryAfterSeconds) : 0;
      if (isApiError(error) && error.status === 401) this.stop();
      else this.#retryLater(retryAfterSeconds * 1000);
    }
  }

  #retryLater(atLeastMs = 0): void {
    if (this.status === 'off') return;
    this.status = 'down';
    this.#startFallback();
    clearTimeout(this.#retryTimer);
    const delayMs = Math.max(atLeastMs, this.#retryMs);
    this.#retryMs = Math.min(this.#retryMs * 2, LONGEST_RETRY_MS);
    this.#retryTimer = setTimeout(() => this.status !== 'off' && this.#connect(), delayMs);
  }

  #stopped(): boolean {
    return this.status === 'off';
  }

  #startFallback(): void {
    this.#fallback ??= every(() => this.#dispatch(null), { intervalMs: FALLBACK_RELOAD_MS });
  }

  #stopFallback(): void {
    this.#fallback?.stop();
    this.#fallback = undefined;
  }

  #wakeReadyWaiters(): void {
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const wake of waiters) wake();
  }
}

export const live = new LiveUpdates();

/** How a page stays current, for its status line; `pollMs` is how often it polls without a stream. */
export function freshness(status: LiveStatus, pollMs?: number): string {
  if (status === 'open') return 'updates live';
  if (status === 'connecting') return 'connecting…';
  if (status === 'down') return `reconnecting; reloads every ${FALLBACK_RELOAD_MS / 1000} s meanwhile`;
  return pollMs ? `refreshes every ${Math.round(pollMs / 1000)} s` : '';
}
