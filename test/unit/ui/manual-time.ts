import type { Timers, Visibility } from '../../../ui/src/lib/poll.svelte';

/** Timers that fire only when the test says, and a tab the test hides and shows: no waiting on the wall clock. */
export function manualTime() {
  let nowMs = 0;
  let nextHandle = 0;
  const pending = new Map<number, { atMs: number; callback: () => void }>();
  const timers: Timers = {
    set(callback, delayMs) {
      nextHandle += 1;
      pending.set(nextHandle, { atMs: nowMs + delayMs, callback });
      return nextHandle;
    },
    clear: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    /** Moves time on, firing what falls due, in order; then lets the promises they started settle. */
    async advance(ms: number): Promise<void> {
      const endMs = nowMs + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, timer]) => timer.atMs <= endMs)
          .sort((a, b) => a[1].atMs - b[1].atMs)
          .at(0);
        if (due === undefined) break;
        pending.delete(due[0]);
        nowMs = due[1].atMs;
        due[1].callback();
        await settle();
      }
      nowMs = endMs;
    },
    /** The delays of the timers waiting now. */
    waitingMs: () => [...pending.values()].map((timer) => timer.atMs - nowMs),
  };
}

export function manualVisibility() {
  let hidden = false;
  const listeners = new Set<() => void>();
  const visibility: Visibility = {
    hidden: () => hidden,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    visibility,
    listening: () => listeners.size,
    set(nextHidden: boolean): void {
      hidden = nextHidden;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** Lets every promise already resolved run its callbacks (a task's awaits, the poller's bookkeeping). */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) await Promise.resolve();
}
