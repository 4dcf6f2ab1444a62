/**
 * The EventStore port on EventStoreDB (@eventstore/db-client v6), selected by EVENTSTORE_URL.
 *
 * Storage format, per event:
 * - ESDB event id = our eventId, ESDB type = our type, content type `application/octet-stream`.
 * - data = the exact RFC 8785 text of `data` (UTF-8). Binary, because the client JSON.stringify()s
 *   `application/json` payloads, which reorders integer-like keys and would change the bytes.
 * - custom metadata = UTF-8 of `{"chain":{"hash":<hex>,"prevHash":<hex>},"metadata":<metadataText>}`,
 *   itself canonical JSON, holding the hashed metadata text verbatim.
 * - position = `"<commit>:<prepare>"` of the record in $all.
 *
 * Appends: read the stream head (backwards, 1 event), hash the batch onto it in TypeScript, and
 * append with expectedRevision = that exact head (or NO_STREAM), so the head really is the
 * predecessor. For `any`/`stream_exists` a lost race re-reads and retries; for an exact revision or
 * `no_stream` a mismatch is our WrongExpectedVersionError. Every write is read back: it yields the
 * position of the *last* event (ESDB's append response carries the transaction's commit position,
 * i.e. the first event's), and it catches ESDB's id-only idempotency (below).
 *
 * What EventStoreDB cannot guarantee, unlike PostgresEventStore:
 * - Global event-id uniqueness (contract item 4). ESDB never checks an id against other streams,
 *   and within a stream only against the events right after the expected revision (or, for ANY,
 *   a bounded in-memory cache). This adapter detects re-sends inside the same stream only: after an
 *   exact revision R, or, for `any`/`stream_exists`, when the batch is still the stream's tail. The
 *   same id reused in another stream, or re-sent with `any` after later writes, is stored again.
 * - ESDB treats a write as idempotent when the ids after the expected revision match, without
 *   comparing content. The read-back compares content and turns that into EventIdConflictError,
 *   but only after ESDB has acknowledged the write (nothing new was stored, the caller still gets
 *   the conflict).
 * - Exact metadata bytes on read: the client returns custom metadata already JSON.parse()d, so
 *   metadataText is re-derived with canonicalJson. That equals the stored text for everything this
 *   adapter writes (JCS output is a fixed point of parse → canonicalize); data bytes are read raw.
 * - WORM (item 7) rests on ESDB being append-only and on not exposing delete/truncate here; a
 *   privileged user can still soft-delete, tombstone or set $maxAge on a stream, which the chain
 *   and the signed checkpoints then report.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ReadStreamOptions as EsdbReadStreamOptions,
} from '@eventstore/db-client';
import { GENESIS_HASH_HEX } from '../../chain/event-hash';
import { EventIdConflictError, WrongExpectedVersionError } from '../event-store.errors';
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
} from '../event-store.port';
import { assertValidAppend } from '../event-naming';
import {
  chainEvents,
  comparePositions,
  isSystemEvent,
  parsePosition,
  prepareEvents,
  sameContent,
  toEventData,
  toRecordedEvent,
  type PreparedEvent,
} from './eventstoredb-mapping';
import { subscribeToAll } from './eventstoredb-subscription';

const MAX_APPEND_ATTEMPTS = 20;
const RETRY_JITTER_MS = 2;
const READ_ALL_PAGE_SIZE = 1_000;
/** tryAppend's answer when another writer moved the head between our read and our write. */
const RACED = Symbol('raced');

type BatchVerdict = { kind: 'same' } | { kind: 'unrelated' } | { kind: 'conflict'; eventId: string };

export class EventStoreDbStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  private constructor(private readonly client: EventStoreDBClient) {}

  /** `esdb://host:2113?tls=false`, or any connection string the v6 client accepts. */
  static connect(connectionString: string): EventStoreDbStore {
    return new EventStoreDbStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    assertValidAppend(streamId, events);
    const batch = prepareEvents(events);
    let head: RecordedEvent | null = null;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      // Jitter, so that writers who lost the same race do not all collide again on the next head.
      if (attempt > 0) await delay(Math.random() * attempt * RETRY_JITTER_MS);
      head = await this.readHead(streamId);
      const outcome = await this.tryAppend(streamId, batch, options.expectedRevision, head);
      if (outcome !== RACED) return outcome;
    }
    throw new WrongExpectedVersionError(streamId, options.expectedRevision, head?.revision ?? null);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    // ESDB takes revisions as uint64: a negative start is "before the first event".
    if (backwards && from !== undefined && from < 0n) return [];
    return this.collectStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === undefined || from < 0n ? (backwards ? END : START) : from,
      maxCount: options.maxCount,
    });
  }

  /** Forwards from an exclusive position. ESDB's readAll is inclusive, so the start record is skipped. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    let after = parsePosition(options.fromPosition);
    while (events.length < limit) {
      const pageSize = Math.min(limit - events.length, READ_ALL_PAGE_SIZE) + 1;
      const page: AllStreamResolvedEvent[] = [];
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: after ?? START, maxCount: pageSize })) {
        page.push(resolved);
      }
      for (const { event } of page) {
        if (!event || (after && comparePositions(event.position, after) <= 0)) continue;
        after = event.position;
        if (!isSystemEvent(event) && events.length < limit) events.push(toRecordedEvent(event));
      }
      if (page.length < pageSize) break;
    }
    return events;
  }

  subscribeToAll(options: SubscribeOptions, onEvents: (events: RecordedEvent[]) => Promise<void>): Subscription {
    const subscription = subscribeToAll(this.client, options, onEvents);
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private async tryAppend(
    streamId: string,
    batch: PreparedEvent[],
    expected: ExpectedRevision,
    head: RecordedEvent | null,
  ): Promise<AppendResult | typeof RACED> {
    const current = head ? head.revision : -1n;
    if (typeof expected === 'bigint' || expected === 'no_stream') {
      const wanted = expected === 'no_stream' ? -1n : expected;
      // No event has a negative revision, so an exact expectation below 0 can never match.
      if (typeof expected === 'bigint' && expected < 0n) throw new WrongExpectedVersionError(streamId, expected, head?.revision ?? null);
      if (current > wanted) return this.resolveResend(streamId, batch, expected, wanted, current);
      if (current < wanted) throw new WrongExpectedVersionError(streamId, expected, head?.revision ?? null);
    } else if (head === null) {
      if (expected === 'stream_exists') throw new WrongExpectedVersionError(streamId, expected, null);
    } else {
      const resend = await this.findTailResend(streamId, batch, head);
      if (resend) return resend;
    }
    return this.write(streamId, batch, head);
  }

  /** The stream moved past the caller's exact revision R: the same batch right after R is a re-send. */
  private async resolveResend(
    streamId: string,
    batch: PreparedEvent[],
    expected: ExpectedRevision,
    wanted: bigint,
    current: bigint,
  ): Promise<AppendResult> {
    const stored = await this.readRange(streamId, wanted + 1n, batch.length);
    const verdict = compareBatch(stored, batch);
    if (verdict.kind === 'same') return resultOf(stored);
    if (verdict.kind === 'conflict') throw new EventIdConflictError(verdict.eventId, streamId);
    throw new WrongExpectedVersionError(streamId, expected, current);
  }

  /** For `any`/`stream_exists`: a batch whose last id is the head's was already written. */
  private async findTailResend(streamId: string, batch: PreparedEvent[], head: RecordedEvent): Promise<AppendResult | null> {
    const index = batch.findIndex((event) => event.eventId === head.eventId);
    if (index === -1) return null;
    const first = head.revision - BigInt(batch.length) + 1n;
    if (index !== batch.length - 1 || first < 0n) throw new EventIdConflictError(head.eventId, streamId);
    const stored = await this.readRange(streamId, first, batch.length);
    const verdict = compareBatch(stored, batch);
    if (verdict.kind === 'same') return resultOf(stored);
    throw new EventIdConflictError(verdict.kind === 'conflict' ? verdict.eventId : head.eventId, streamId);
  }

  private async write(streamId: string, batch: PreparedEvent[], head: RecordedEvent | null): Promise<AppendResult | typeof RACED> {
    const firstRevision = head ? head.revision + 1n : 0n;
    const chained = chainEvents(streamId, head?.hash ?? GENESIS_HASH_HEX, firstRevision, batch);
    try {
      const result = await this.client.appendToStream(streamId, chained.map(toEventData), {
        expectedRevision: head ? head.revision : NO_STREAM,
      });
      // With throwOnAppendFailure=false in the connection string the client resolves instead.
      if (!result.success) return RACED;
    } catch (error) {
      if (error instanceof EsdbWrongExpectedVersionError) return RACED;
      throw error;
    }
    const stored = await this.readRange(streamId, firstRevision, batch.length);
    const verdict = compareBatch(stored, batch);
    if (verdict.kind === 'same') return resultOf(stored);
    // ESDB accepted the write as a duplicate of events with our ids but other content.
    if (verdict.kind === 'conflict') throw new EventIdConflictError(verdict.eventId, streamId);
    throw new Error(`EventStoreDB acknowledged an append to ${streamId} that cannot be read back at revision ${firstRevision.toString()}`);
  }

  private async readHead(streamId: string): Promise<RecordedEvent | null> {
    const [head] = await this.collectStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return head ?? null;
  }

  private readRange(streamId: string, fromRevision: bigint, count: number): Promise<RecordedEvent[]> {
    return this.collectStream(streamId, { direction: FORWARDS, fromRevision, maxCount: count });
  }

  private async collectStream(streamId: string, options: EsdbReadStreamOptions): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const { event } of this.client.readStream(streamId, options)) {
        if (event) events.push(toRecordedEvent(event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }
}

/** Compares what is stored after a revision with a requested batch, position by position. */
function compareBatch(stored: RecordedEvent[], batch: PreparedEvent[]): BatchVerdict {
  const requestedIds = new Set(batch.map((event) => event.eventId));
  const overlapping = stored.find((event) => requestedIds.has(event.eventId));
  if (!overlapping) return { kind: 'unrelated' };
  if (stored.length !== batch.length) return { kind: 'conflict', eventId: overlapping.eventId };
  const differing = batch.find((requested, index) => !sameContent(stored[index], requested));
  return differing ? { kind: 'conflict', eventId: differing.eventId } : { kind: 'same' };
}

function resultOf(stored: RecordedEvent[]): AppendResult {
  const last = stored[stored.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position };
}
