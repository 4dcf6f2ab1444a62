import type {
  EventStore,
  GlobalPosition,
  RecordedEvent,
  Subscription,
} from '../../../src/platform/event-store/event-store.port';

/** Subscribes from `from` and keeps the events of one stream, in delivery order. */
export function collectFrom(
  store: EventStore,
  from: GlobalPosition | null,
  streamId: string,
): { events: RecordedEvent[]; subscription: Subscription } {
  const events: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ fromPosition: from, batchSize: 7 }, (batch) => {
    events.push(...batch.filter((event) => event.streamId === streamId));
    return Promise.resolve();
  });
  return { events, subscription };
}

/** Re-runs an assertion until it passes or 10 s elapse; the last failure is what gets reported. */
export async function eventually(assertion: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
