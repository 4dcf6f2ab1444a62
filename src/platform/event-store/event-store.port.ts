/**
 * The event store port (DESIGN §2). Two adapters implement it: PostgresEventStore (the embedded
 * default) and EventStoreDbStore (production, selected by EVENTSTORE_URL). Both pass the shared
 * contract suite in test/integration/event-store-contract.
 */

import type { JsonObject, JsonValue } from '../../shared-kernel/json';

/** `any`, `no_stream`, `stream_exists`, or the exact 0-based revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/**
 * Facts about a write that travel with every event; `occurredAt` comes from the app's clock.
 * The schema-checked store adds `schemaVersion`, the version of the event type's schema the data
 * was written at (see event-schemas.ts and versionOf(); events from before versions have none).
 */
export interface EventMetadata {
  [key: string]: JsonValue;
  occurredAt: string;
  actorId: string | null;
  commandId: string | null;
  correlationId: string | null;
  causationId: string | null;
}

export interface EventToAppend {
  /** Lowercase UUID, chosen by the caller (derived from the cause), unique across the store. */
  eventId: string;
  /** PascalCase, past tense: `BuzIssued`. */
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
}

/**
 * An opaque, totally ordered position in the global feed. Postgres: `"<txid>:<global_position>"`;
 * EventStoreDB: `"<commit>:<prepare>"`. Only the adapter that produced it can interpret it.
 */
export type GlobalPosition = string;

export interface RecordedEvent {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  /** The exact RFC 8785 canonical text that was hashed. */
  dataText: string;
  metadataText: string;
  position: GlobalPosition;
  /** Lowercase hex SHA-256 of the predecessor in the stream (32 zero bytes for revision 0). */
  prevHash: string;
  hash: string;
}

export interface AppendResult {
  /** The revision of the last event written: pass it as `expectedRevision` to append next. */
  nextExpectedRevision: bigint;
  /** Position of the last event written. */
  position: GlobalPosition;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Defaults to the first event (forwards) or the last one (backwards). */
  fromRevision?: bigint;
  direction?: ReadDirection;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive; `null` or absent means the start of the feed. */
  fromPosition?: GlobalPosition | null;
  maxCount?: number;
  /** Inclusive: nothing after this position is returned. */
  toPosition?: GlobalPosition;
  /** Only events of these types; the store skips the others (they count against no maxCount). */
  eventTypes?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive checkpoint to resume after; `null` or absent means the start of the feed. */
  fromPosition?: GlobalPosition | null;
  /** Largest batch handed to `onEvents`. */
  batchSize?: number;
}

/**
 * A catch-up subscription: history first, then live, with no gap. Delivery is at-least-once;
 * `onEvents` is awaited before the next batch, so a slow consumer applies back-pressure.
 */
export interface Subscription {
  /** Stops delivery and resolves once the in-flight batch has finished. */
  stop(): Promise<void>;
  /** Resolves when the subscription stops; rejects if it stopped because of an error. */
  readonly done: Promise<void>;
}

export interface EventStore {
  append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Returns [] for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams, each forwards from its inclusive start revision, in one call: a process
   * manager's batch reads every stream it decides on at once. Streams with no events are absent.
   */
  readStreams(fromRevisions: ReadonlyMap<string, bigint>): Promise<Map<string, RecordedEvent[]>>;
  /**
   * Which of these streams hold at least one event, without reading their events: a command that
   * names other people checks all of their streams in one indexed read.
   */
  existingStreams(streamIds: readonly string[]): Promise<Set<string>>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscribeOptions, onEvents: (events: RecordedEvent[]) => Promise<void>): Subscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');
