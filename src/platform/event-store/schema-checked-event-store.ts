import type { EventSchemaRegistry } from './event-schemas';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port';

/**
 * The event store every part of the app uses, in front of either adapter: each append is held
 * to its type's schema and stamped with its version before the adapter sees it, and every
 * event read (stream loads, the feed, subscriptions) comes back upcast to today's version.
 */
export class SchemaCheckedEventStore implements EventStore {
  private readonly upcast: (event: RecordedEvent) => RecordedEvent;

  constructor(
    private readonly adapter: EventStore,
    private readonly schemas: EventSchemaRegistry,
  ) {
    this.upcast = (event) => schemas.upcast(event);
  }

  /** Async, so that a refused event is a rejected promise like every other refusal of an append. */
  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    return this.adapter.append(
      streamId,
      events.map((event) => this.schemas.checked(streamId, event)),
      options,
    );
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.adapter.readStream(streamId, options)).map(this.upcast);
  }

  async readStreams(fromRevisions: ReadonlyMap<string, bigint>): Promise<Map<string, RecordedEvent[]>> {
    const streams = await this.adapter.readStreams(fromRevisions);
    return new Map([...streams].map(([streamId, events]) => [streamId, events.map(this.upcast)]));
  }

  existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    return this.adapter.existingStreams(streamIds);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.adapter.readAll(options)).map(this.upcast);
  }

  subscribeToAll(options: SubscribeOptions, onEvents: (events: RecordedEvent[]) => Promise<void>): Subscription {
    return this.adapter.subscribeToAll(options, (events) => onEvents(events.map(this.upcast)));
  }

  close(): Promise<void> {
    return this.adapter.close();
  }
}
