import {
  excludeSystemEvents,
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { comparePositions, isLedgerEvent, parsePosition, toRecordedEvent } from './eventstoredb-mapping';

const DEFAULT_BATCH_SIZE = 100;

/**
 * A catch-up subscription to $all. EventStoreDB's own subscription does the history → live hand-over
 * (positions passed to it are exclusive). Events are pulled with `read()`, never a 'data' listener,
 * so while `onEvents` runs nothing is consumed, the object buffer (highWaterMark = batchSize) fills
 * and the gRPC stream is paused: back-pressure reaches the server.
 */
export function subscribeToAll(
  client: EventStoreDBClient,
  options: SubscribeOptions,
  onEvents: (events: RecordedEvent[]) => Promise<void>,
): Subscription {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const after = parsePosition(options.fromPosition);
  const source = client.subscribeToAll(
    { fromPosition: after ?? START, filter: excludeSystemEvents() },
    { highWaterMark: batchSize },
  );
  const pump = new SubscriptionPump(source, after, batchSize, onEvents);
  const done = pump.run();
  return {
    done,
    stop: async () => {
      pump.requestStop();
      await done.catch(() => undefined);
    },
  };
}

class SubscriptionPump {
  private stopping = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly source: AllStreamSubscription,
    private lastPosition: Position | null,
    private readonly batchSize: number,
    private readonly onEvents: (events: RecordedEvent[]) => Promise<void>,
  ) {
    const signal = () => this.signal();
    source.on('readable', signal);
    source.on('end', signal);
    source.on('close', signal);
    source.on('error', (error: Error) => {
      this.failure = error;
      this.signal();
    });
  }

  requestStop(): void {
    this.stopping = true;
    this.signal();
  }

  async run(): Promise<void> {
    try {
      while (!this.stopping) {
        const batch = this.takeBatch();
        if (batch.length > 0) {
          await this.onEvents(batch);
          continue;
        }
        if (this.failure) throw this.failure;
        if (this.source.readableEnded || this.source.destroyed) {
          throw new Error('EventStoreDB ended the $all subscription');
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      await this.release();
    }
  }

  /** Drains what is already buffered, up to one batch, without waiting. */
  private takeBatch(): RecordedEvent[] {
    const batch: RecordedEvent[] = [];
    while (batch.length < this.batchSize) {
      const resolved = this.source.read() as AllStreamResolvedEvent | null;
      if (resolved === null) break;
      const event = resolved.event;
      if (!event || !isLedgerEvent(event)) continue;
      // Defensive: never hand back the checkpoint itself, nor anything before it.
      if (this.lastPosition && comparePositions(event.position, this.lastPosition) <= 0) continue;
      this.lastPosition = event.position;
      batch.push(toRecordedEvent(event));
    }
    return batch;
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async release(): Promise<void> {
    // unsubscribe() awaits the gRPC call, which rejects if it never connected: that failure is
    // already reported through `done`.
    await this.source.unsubscribe().catch(() => undefined);
    this.source.destroy();
  }
}
