import type { GlobalPosition, RecordedEvent, Subscription } from '../event-store.port';
import { comparePositions } from '../feed-position';

export interface SharedFeedOptions {
  readAfter(fromPosition: GlobalPosition | null, maxCount: number): Promise<RecordedEvent[]>;
  pollIntervalMs: number;
  /** Most recent events kept in memory for the subscriptions that are near the tail. */
  windowEvents: number;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Shortest pause between two tail reads while appends keep nudging: it bounds the reads, and so
 * the batches (each a transaction per runner), to 50 a second under load.
 */
const NUDGED_GAP_MS = 20;

/**
 * One reader of the feed's tail per event store, shared by every subscription of the process
 * (the projections and the process managers): the tail is polled once per interval however
 * many follow it, rows near the tail are parsed once, and an append in this process wakes the reader soon.
 * The window holds the most recent events as one contiguous run of the feed; since the feed
 * only shows rows older than every running transaction, "the events after position p" never
 * change once read, so serving them from the window equals reading them again. A subscription
 * whose checkpoint is not in the window (catching up, or fallen behind) reads the database
 * itself until it reaches the window.
 */
export class SharedFeed {
  private window: RecordedEvent[] = [];
  /** Position the window's first event follows; undefined before any subscription reached the tail. */
  private windowStart: GlobalPosition | null | undefined = undefined;
  private readonly indexByPosition = new Map<string, number>();
  private droppedEvents = 0;
  private waiters = new Set<Waiter>();
  private subscriptions = 0;
  private fetchMax = 1;
  private loop: Promise<void> | null = null;
  private cutSleep: (() => void) | null = null;
  private nudged = false;

  constructor(private readonly options: SharedFeedOptions) {}

  subscribe(
    fromPosition: GlobalPosition | null,
    batchSize: number,
    onEvents: (events: RecordedEvent[]) => Promise<void>,
  ): Subscription {
    let stopping = false;
    let waiting: Waiter | null = null;
    this.subscriptions += 1;
    this.fetchMax = Math.max(this.fetchMax, batchSize);
    this.loop ??= this.pollTail();
    const follow = async () => {
      let checkpoint = fromPosition;
      while (!stopping) {
        const events = await this.after(checkpoint, batchSize);
        // A read still in flight when stop() came is dropped: its batch would land after the round ended.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() sets it while the read awaits
        if (stopping) break;
        if (events.length > 0) {
          await onEvents(events);
          checkpoint = events[events.length - 1].position;
          continue;
        }
        const inWindow = this.windowEventsAfter(checkpoint, 1);
        if (inWindow === null) {
          // At the tail but outside the window (a checkpoint the window never held): poll, don't spin.
          await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs));
        } else if (inWindow.length === 0) {
          // Checked and registered in one synchronous step: a window that grew after the read
          // above (while its promise resolved) must not be missed until the next growth.
          await new Promise<void>((resolve, reject) => this.waiters.add((waiting = { resolve, reject })));
        }
      }
    };
    const done = follow().finally(() => {
      this.subscriptions -= 1;
      if (waiting) this.waiters.delete(waiting);
    });
    // Keep an unobserved rejection from crashing the process; callers observe `done`.
    done.catch(() => undefined);
    return {
      done,
      stop: async () => {
        stopping = true;
        waiting?.resolve();
        await done.catch(() => undefined);
      },
    };
  }

  /** An append committed in this process: read the tail soon instead of at the next interval. */
  nudge(): void {
    this.nudged = true;
    this.cutSleep?.();
  }

  private async after(checkpoint: GlobalPosition | null, maxCount: number): Promise<RecordedEvent[]> {
    const inWindow = this.windowEventsAfter(checkpoint, maxCount);
    if (inWindow) return inWindow;
    const events = await this.options.readAfter(checkpoint, maxCount);
    this.learn(checkpoint, events, events.length < maxCount);
    return events;
  }

  /**
   * What a subscription read itself is a contiguous run of the feed after `checkpoint`: the part
   * past the window's head extends the window. A subscription ahead of the window (the window
   * went stale) that reached the tail starts a new window at its checkpoint.
   */
  private learn(checkpoint: GlobalPosition | null, events: readonly RecordedEvent[], reachedTail: boolean): void {
    const behindHead = this.windowStart !== undefined && comparePositions(checkpoint, this.headPosition()) <= 0;
    if (!behindHead && !reachedTail) return;
    if (!behindHead) this.resetWindow(checkpoint);
    const head = this.headPosition();
    const newer = events.filter((event) => comparePositions(event.position, head) > 0);
    if (newer.length > 0) this.extendWindow(newer);
  }

  /** The events after `checkpoint` when the window covers it (possibly none yet), else null. */
  private windowEventsAfter(checkpoint: GlobalPosition | null, maxCount: number): RecordedEvent[] | null {
    if (this.windowStart === undefined) return null;
    const from =
      checkpoint === this.windowStart ? 0 : checkpoint === null ? undefined : this.indexByPosition.get(checkpoint);
    if (from === undefined) return null;
    const start = checkpoint === this.windowStart ? 0 : from - this.droppedEvents + 1;
    return this.window.slice(start, start + maxCount);
  }

  private headPosition(): GlobalPosition | null {
    return this.window.length > 0 ? this.window[this.window.length - 1].position : (this.windowStart ?? null);
  }

  private resetWindow(start: GlobalPosition | null): void {
    this.window = [];
    this.indexByPosition.clear();
    this.droppedEvents = 0;
    this.windowStart = start;
    // Whoever waited at the old head has events to read before the new start.
    this.wakeWaiters();
  }

  private async pollTail(): Promise<void> {
    while (this.subscriptions > 0) {
      let read = 0;
      try {
        if (this.windowStart !== undefined) read = await this.readTail();
      } catch (error) {
        this.wakeWaiters(error);
      }
      if (read < this.fetchMax) await this.pause();
    }
    this.loop = null;
  }

  private async readTail(): Promise<number> {
    const head = this.headPosition();
    const events = await this.options.readAfter(head, this.fetchMax);
    // A subscription may have moved the window while this read was in flight.
    if (events.length > 0 && head === this.headPosition()) this.extendWindow(events);
    return events.length;
  }

  private extendWindow(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      // Absolute sequence numbers, so trimming the front does not renumber the index.
      this.indexByPosition.set(event.position, this.droppedEvents + this.window.length);
      this.window.push(event);
    }
    this.trimWindow();
    this.wakeWaiters();
  }

  private trimWindow(): void {
    const excess = this.window.length - this.options.windowEvents;
    if (excess <= 0) return;
    const dropped = this.window.splice(0, excess);
    for (const event of dropped) this.indexByPosition.delete(event.position);
    this.droppedEvents += excess;
    this.windowStart = dropped[dropped.length - 1].position;
  }

  private wakeWaiters(error?: unknown): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const waiter of waiters) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  /** Until the poll interval has passed, or NUDGED_GAP_MS after the last read if an append in this process came first. */
  private pause(): Promise<void> {
    const startedMs = performance.now();
    const gapMs = Math.min(this.nudged ? NUDGED_GAP_MS : this.options.pollIntervalMs, this.options.pollIntervalMs);
    this.nudged = false;
    return new Promise<void>((resolve) => {
      let timer = setTimeout(done, gapMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.cutSleep = () => {
        this.cutSleep = null;
        if (NUDGED_GAP_MS >= gapMs) return;
        clearTimeout(timer);
        timer = setTimeout(done, Math.max(0, startedMs + NUDGED_GAP_MS - performance.now()));
      };
    }).finally(() => (this.cutSleep = null));
  }
}
