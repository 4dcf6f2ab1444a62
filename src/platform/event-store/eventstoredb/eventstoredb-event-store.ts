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
 * - every event id is also claimed in its own stream `ledgerEventId-<eventId>` (eventstoredb-event-ids.ts).
 *
 * An append:
 * 1. reads the stream head (backwards, 1 event). If the caller's expectation already fails, the
 *    batch right after the expected revision is either this batch (a re-send: the original result,
 *    nothing written) or the append is a WrongExpectedVersionError; nothing is claimed;
 * 2. claims the batch's ids: an id owned by another stream is an EventIdConflictError;
 * 3. reads what the stream gained since the claims' floor: the same batch there is a re-send
 *    (same content: the original result; other content: EventIdConflictError);
 * 4. checks the expectation against the head, hashes the batch onto the head in TypeScript, and
 *    appends with ESDB's expectedRevision set to that exact head (or NO_STREAM), so the head
 *    really is the predecessor;
 * 5. if another writer moved the head first, goes back to 3 (at most MAX_APPEND_ATTEMPTS times):
 *    `any`/`stream_exists` then retry on the new head, an exact revision or `no_stream` fails;
 * 6. reads the batch back: that yields the *last* event's $all position (ESDB's append response
 *    carries one commit position for the whole write, as both commit and prepare, which for a
 *    batch is not the last event's) and catches ESDB's id-only idempotency, which acknowledges a
 *    concurrent write of the same ids with other content.
 *
 * What EventStoreDB cannot do exactly as PostgresEventStore does:
 * - An append is five round trips (head, claims, recent events, append, read-back), not one
 *   statement, and store-wide id uniqueness costs one claim stream per event.
 * - A claim is not atomic with the append it guards: after a crash between the two, or when the
 *   append then loses a race under an exact expectation, the id stays claimed by that stream with
 *   no event. Re-sending it to that stream works; using it for another stream is refused, as it
 *   would be had the event been written. Ids derived from their cause never move between streams.
 * - Exact metadata bytes on read: the client returns custom metadata already JSON.parse()d, so
 *   metadataText is re-derived with canonicalJson. That equals the stored text for everything this
 *   adapter writes (JCS output is a fixed point of parse → canonicalize); data bytes are read raw.
 * - WORM (item 7) rests on ESDB being append-only and on this adapter exposing no delete; a
 *   privileged ESDB user can still delete, tombstone or set $maxAge/$maxCount on a stream, which
 *   chain verification and the signed checkpoints then report.
 */
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
import { claimEventIds } from './eventstoredb-event-ids';
import {
  chainEvents,
  comparePositions,
  isLedgerEvent,
  parsePosition,
  prepareEvents,
  sameContent,
  toEventData,
  toRecordedEvent,
  type PreparedEvent,
} from './eventstoredb-mapping';
import { subscribeToAll } from './eventstoredb-subscription';
import { retry } from '../../retry/retry';

const MAX_APPEND_ATTEMPTS = 20;
const RETRY_JITTER_MS = 2;
const RETRY_MAX_PAUSE_MS = 40;
const READ_ALL_PAGE_SIZE = 1_000;
/** write()'s answer when another writer moved the head between our read and our append. */
const RACED = Symbol('raced');

/** Lost the race for the head: read the new head and try again; the last one reaches the caller as a WrongExpectedVersionError. */
class LostRaceError extends WrongExpectedVersionError {}

export class EventStoreDbStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();

  private constructor(private readonly client: EventStoreDBClient) {}

  /** `esdb://host:2113?tls=false`, or any connection string the v6 client accepts. */
  static connect(connectionString: string): EventStoreDbStore {
    return new EventStoreDbStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    assertValidAppend(streamId, events);
    const batch = prepareEvents(events);
    let head = await this.readHead(streamId);
    const settled = await this.settleMismatch(streamId, batch, options.expectedRevision, head);
    if (settled) return settled;
    const claimFloor = await claimEventIds(this.client, streamId, batch, head ? head.revision + 1n : 0n);
    const attempt = async () => {
      // Every write of these ids lands at or after the floor, and the head is at most one below it.
      const recent = await this.readRange(streamId, claimFloor);
      head = recent.at(-1) ?? head;
      const earlier = findBatch(streamId, recent, batch, 'anywhere');
      if (earlier) return earlier;
      const current = head ? head.revision : null;
      if (!matchesExpectation(options.expectedRevision, current)) {
        throw new WrongExpectedVersionError(streamId, options.expectedRevision, current);
      }
      const outcome = await this.write(streamId, batch, head);
      if (outcome === RACED) throw new LostRaceError(streamId, options.expectedRevision, current);
      return outcome;
    };
    // Jittered pauses, so that writers who lost the same race do not all collide again on the next head.
    return retry(attempt, {
      attempts: MAX_APPEND_ATTEMPTS,
      retryIf: (error) => error instanceof LostRaceError,
      baseDelayMs: RETRY_JITTER_MS,
      maxDelayMs: RETRY_MAX_PAUSE_MS,
    });
  }

  /** EventStoreDB reads one stream per call: the streams are read side by side. */
  async readStreams(fromRevisions: ReadonlyMap<string, bigint>): Promise<Map<string, RecordedEvent[]>> {
    const read = await Promise.all(
      [...fromRevisions].map(
        async ([streamId, fromRevision]) => [streamId, await this.readStream(streamId, { fromRevision })] as const,
      ),
    );
    return new Map(read.filter(([, events]) => events.length > 0));
  }

  /** One read of at most one event per stream, side by side. */
  async existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(streamIds)];
    const firsts = await Promise.all(unique.map((streamId) => this.readRange(streamId, 0n, 1)));
    return new Set(unique.filter((_, index) => firsts[index].length > 0));
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
    // Types and the upper bound are applied here, as the ledger-event filter is: simple, and enough for a rebuild.
    const types = options.eventTypes ? new Set(options.eventTypes) : null;
    const to = parsePosition(options.toPosition);
    const events: RecordedEvent[] = [];
    let after = parsePosition(options.fromPosition);
    while (events.length < limit) {
      const pageSize = Math.min(limit - events.length, READ_ALL_PAGE_SIZE) + 1;
      const page: AllStreamResolvedEvent[] = [];
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: after ?? START,
        maxCount: pageSize,
      })) {
        page.push(resolved);
      }
      for (const { event } of page) {
        if (!event || (after && comparePositions(event.position, after) <= 0)) continue;
        if (to && comparePositions(event.position, to) > 0) return events;
        after = event.position;
        if (isLedgerEvent(event) && (!types || types.has(event.type)) && events.length < limit)
          events.push(toRecordedEvent(event));
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

  /**
   * Before claiming anything: an expectation the head already fails is either a re-send of the
   * batch right after the expected revision (its original result) or a WrongExpectedVersionError.
   */
  private async settleMismatch(
    streamId: string,
    batch: PreparedEvent[],
    expected: ExpectedRevision,
    head: RecordedEvent | null,
  ): Promise<AppendResult | null> {
    const current = head ? head.revision : null;
    if (matchesExpectation(expected, current)) return null;
    const after = expected === 'no_stream' ? -1n : expected;
    if (typeof after === 'bigint' && current !== null && current > after && after >= -1n) {
      const resent = findBatch(streamId, await this.readRange(streamId, after + 1n, batch.length), batch, 'at-start');
      if (resent) return resent;
    }
    throw new WrongExpectedVersionError(streamId, expected, current);
  }

  private async write(
    streamId: string,
    batch: PreparedEvent[],
    head: RecordedEvent | null,
  ): Promise<AppendResult | typeof RACED> {
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
    const written = findBatch(streamId, await this.readRange(streamId, firstRevision, batch.length), batch, 'at-start');
    if (written) return written;
    throw new Error(
      `EventStoreDB acknowledged an append to ${streamId} that cannot be read back at revision ${firstRevision.toString()}`,
    );
  }

  private async readHead(streamId: string): Promise<RecordedEvent | null> {
    return (await this.collectStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })).at(0) ?? null;
  }

  private readRange(streamId: string, fromRevision: bigint, maxCount?: number): Promise<RecordedEvent[]> {
    return this.collectStream(streamId, { direction: FORWARDS, fromRevision, maxCount });
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

function matchesExpectation(expected: ExpectedRevision, current: bigint | null): boolean {
  if (expected === 'any') return true;
  if (expected === 'stream_exists') return current !== null;
  if (expected === 'no_stream') return current === null;
  return current === expected;
}

/**
 * Looks for the batch among stored events, `anywhere` or only `at-start`. Batches are atomic and
 * contiguous, so once one of its ids is found the whole batch must follow there, id by id and byte
 * for byte; anything else is an id reused for different content.
 */
function findBatch(
  streamId: string,
  stored: RecordedEvent[],
  batch: PreparedEvent[],
  where: 'anywhere' | 'at-start',
): AppendResult | null {
  const ids = new Set(batch.map((event) => event.eventId));
  const start = stored.findIndex((event) => ids.has(event.eventId));
  if (start === -1 || (where === 'at-start' && start !== 0)) return null;
  const candidates = stored.slice(start, start + batch.length);
  const differing = batch.find((requested, index) => !candidates[index] || !sameContent(candidates[index], requested));
  if (differing) throw new EventIdConflictError(differing.eventId, streamId);
  const last = candidates[candidates.length - 1];
  return { nextExpectedRevision: last.revision, position: last.position };
}
