import { untrack } from 'svelte';

/**
 * The portal's one way to do something again and again: polling, a ticking clock, a countdown.
 *
 *   // In a component: starts when it mounts, stops when it is destroyed.
 *   const ticker = poll(() => (now = Date.now()), { intervalMs: 15_000 });
 *   // Anywhere else (a store, a class): stop it yourself, e.g. by returning `.stop` from an `$effect`.
 *   const poller = every(({ signal }) => refresh(signal), { intervalMs: 60_000, when: () => live.status === 'off' });
 *
 * - One run at a time: the next waits `intervalMs` after the last one ended; `now()` during a run
 *   asks for one more right after it (notices that arrive while reading are not lost).
 * - A hidden tab runs nothing; a run that fell due while hidden happens once when the tab is shown.
 * - A run that throws (or rejects) waits twice as long next time, up to `maxIntervalMs`; one success resets it.
 * - `stop()` (or the task calling `stop` itself) ends it and aborts the run in flight through `signal`.
 *
 * Timers and the page's visibility are injectable, so tests move time by hand instead of waiting.
 */

export interface PollRun {
  /** Aborted when the poller stops. */
  signal: AbortSignal;
  /** Ends the poller from inside the task: a countdown that reached zero, a job that finished. */
  stop(this: void): void;
}

export type PollTask = (run: PollRun) => unknown;

export interface Timers {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

export interface Visibility {
  hidden(): boolean;
  /** Calls `listener` when the tab is hidden or shown; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

export interface PollOptions {
  intervalMs: number;
  /** The longest wait after failures in a row (default: 8 × intervalMs). */
  maxIntervalMs?: number;
  /** Checked at every tick (not on `now()`): false skips the run and waits another interval. */
  when?: () => boolean;
  /** Run once at once (default false: the page's load has just read the same thing). */
  immediate?: boolean;
  timers?: Timers;
  visibility?: Visibility;
}

export interface Poller {
  /** Run now (after the run in flight, if any), whatever `when` says; the interval restarts after it. */
  now(): void;
  stop(): void;
  readonly stopped: boolean;
}

const browserTimers: Timers = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const documentVisibility: Visibility = {
  hidden: () => typeof document !== 'undefined' && document.hidden,
  onChange(listener) {
    if (typeof document === 'undefined') return () => undefined;
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

/** Starts a poller outside any component; the caller stops it. */
export function every(task: PollTask, options: PollOptions): Poller {
  return new RepeatingTask(task, options);
}

/**
 * Starts a poller for a component: call it while the component initialises (in `<script>` or a
 * function called from there); it starts once the component is mounted and stops when it is destroyed.
 */
export function poll(task: PollTask, options: PollOptions): Poller {
  let current: Poller | undefined;
  $effect(() => {
    // An immediate first run reads state; the poller must not restart when that state changes.
    const poller = untrack(() => every(task, options));
    current = poller;
    return () => poller.stop();
  });
  return {
    now: () => current?.now(),
    stop: () => current?.stop(),
    get stopped() {
      return current?.stopped ?? false;
    },
  };
}

class RepeatingTask implements Poller {
  #stopped = false;
  #running = false;
  #again = false;
  #dueWhileHidden = false;
  #failures = 0;
  #timer: unknown;
  readonly #abort = new AbortController();
  readonly #timers: Timers;
  readonly #visibility: Visibility;
  readonly #unwatch: () => void;

  constructor(
    private readonly task: PollTask,
    private readonly options: PollOptions,
  ) {
    this.#timers = options.timers ?? browserTimers;
    this.#visibility = options.visibility ?? documentVisibility;
    this.#unwatch = this.#visibility.onChange(() => this.#visibilityChanged());
    if (options.immediate) this.now();
    else this.#schedule();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  now(): void {
    if (this.#stopped) return;
    if (this.#running) return void (this.#again = true);
    this.#timers.clear(this.#timer);
    void this.#run();
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#timers.clear(this.#timer);
    this.#unwatch();
    this.#abort.abort();
  }

  #tick(): void {
    if (this.#stopped) return;
    if (this.#visibility.hidden()) return void (this.#dueWhileHidden = true);
    if (this.options.when && !this.options.when()) return this.#schedule();
    void this.#run();
  }

  #visibilityChanged(): void {
    if (this.#stopped || this.#visibility.hidden() || !this.#dueWhileHidden) return;
    this.#dueWhileHidden = false;
    this.#tick();
  }

  /** Whether now() asked for another run while this one was in flight: read through a call, which the await cannot narrow away. */
  #runAgain(): boolean {
    return this.#again && !this.#stopped;
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      do {
        this.#again = false;
        try {
          await this.task({ signal: this.#abort.signal, stop: () => this.stop() });
          this.#failures = 0;
        } catch {
          // The task shows its own failure; the poller only slows down until it passes.
          this.#failures += 1;
        }
      } while (this.#runAgain());
    } finally {
      this.#running = false;
    }
    this.#schedule();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timers.clear(this.#timer);
    this.#timer = this.#timers.set(() => this.#tick(), this.#delayMs());
  }

  #delayMs(): number {
    const { intervalMs, maxIntervalMs = intervalMs * 8 } = this.options;
    return Math.min(intervalMs * 2 ** this.#failures, Math.max(intervalMs, maxIntervalMs));
  }
}
