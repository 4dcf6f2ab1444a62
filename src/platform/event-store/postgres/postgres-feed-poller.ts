import type { GlobalPosition, RecordedEvent, Subscription } from '../event-store.port';

export interface FeedPollerOptions {
  readAfter(fromPosition: GlobalPosition | null, maxCount: number): Promise<RecordedEvent[]>;
  fromPosition: GlobalPosition | null;
  batchSize: number;
  pollIntervalMs: number;
  onEvents(events: RecordedEvent[]): Promise<void>;
}

/**
 * Catch-up by polling: read a batch after the checkpoint, hand it over, advance; sleep only when
 * a read comes back short. History and live delivery are the same loop, so there is no hand-over
 * gap. Polling (instead of NOTIFY) keeps appends free of the commit-time notify lock.
 */
export function pollFeed(options: FeedPollerOptions): Subscription {
  let stopping = false;
  let wake: (() => void) | null = null;

  const loop = async () => {
    let checkpoint = options.fromPosition;
    while (!stopping) {
      const events = await options.readAfter(checkpoint, options.batchSize);
      if (events.length > 0) {
        await options.onEvents(events);
        checkpoint = events[events.length - 1].position;
      }
      if (events.length < options.batchSize && !stopping) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, options.pollIntervalMs);
        });
        wake = null;
      }
    }
  };

  const done = loop();
  // Keep an unobserved rejection from crashing the process; callers observe `done`.
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      stopping = true;
      wake?.();
      await done.catch(() => undefined);
    },
  };
}
