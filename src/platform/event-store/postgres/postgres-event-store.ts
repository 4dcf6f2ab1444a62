import type pg from 'pg';
import { assertValidAppend } from '../event-naming';
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
import { canonicalEventJson } from '../../chain/canonical-json';
import { parseFeedPosition, toRecordedEvent, type EventRow } from './postgres-event-row';
import { groupBy } from '../../collections/group-by';
import { SharedFeed } from './postgres-shared-feed';
import { GroupCommit, type GroupCommitOptions } from './postgres-group-commit';

/** Past every position: the largest xid8 and bigint. */
const FEED_END = { txId: '18446744073709551615', position: '9223372036854775807' };
/** Recent events the shared feed keeps for subscriptions near the tail (a few projection batches). */
const FEED_WINDOW_EVENTS = 2000;
/**
 * Single-event appends in flight at once before the rest wait for one batch: enough to keep
 * PostgreSQL busy on two cores, few enough that a burst becomes a handful of transactions.
 */
const GROUP_COMMIT: GroupCommitOptions = { maxInFlight: 8, maxBatch: 200 };
const EVENT_COLUMNS = 'stream_id, revision, event_id, type, data, metadata, tx_id, global_position, prev_hash, hash';

/**
 * The default event store: one `append_events` call per append (see the migration for the
 * locking and hashing), reads by index, and a catch-up feed ordered by (tx_id, position) that
 * only shows rows older than every event writer still running, so no commit can land behind
 * a reader's checkpoint, while other transactions (read models, jobs) never hold it back.
 */
export class PostgresEventStore implements EventStore {
  private readonly feed: SharedFeed;
  private readonly groupCommit: GroupCommit;

  constructor(
    private readonly pool: pg.Pool,
    pollIntervalMs = 50,
  ) {
    this.groupCommit = new GroupCommit(pool, GROUP_COMMIT);
    this.feed = new SharedFeed({
      readAfter: (fromPosition, maxCount) => this.readAll({ fromPosition, maxCount }),
      pollIntervalMs,
      windowEvents: FEED_WINDOW_EVENTS,
    });
  }

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    assertValidAppend(streamId, events);
    const expected = options.expectedRevision;
    const dataTexts = events.map((event) => canonicalEventJson(event.data));
    const metadataTexts = events.map((event) => canonicalEventJson(event.metadata));
    const revision = expected === 'no_stream' ? 0n : typeof expected === 'bigint' ? expected + 1n : null;
    if (events.length === 1 && revision !== null) {
      const [event] = events;
      const appended = await this.groupCommit.append(
        {
          streamId,
          revision,
          eventId: event.eventId,
          type: event.type,
          dataText: dataTexts[0],
          metadataText: metadataTexts[0],
        },
        expected,
      );
      this.feed.nudge();
      return appended;
    }
    // connect()/release() rather than pool.query(): pool.query discards the connection on
    // every error, and conflicts are routine errors here.
    const client = await this.pool.connect();
    try {
      const result = await client.query<{ last_revision: string; last_tx_id: string; last_position: string }>({
        name: 'append_events',
        text: 'select last_revision, last_tx_id, last_position from append_events($1, $2, $3::uuid[], $4, $5, $6)',
        values: [
          streamId,
          String(expected),
          events.map((event) => event.eventId),
          events.map((event) => event.type),
          dataTexts,
          metadataTexts,
        ],
      });
      const row = result.rows[0];
      this.feed.nudge();
      return { nextExpectedRevision: BigInt(row.last_revision), position: `${row.last_tx_id}:${row.last_position}` };
    } catch (error) {
      throw translateAppendError(error, streamId, expected, events);
    } finally {
      client.release();
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const result = await this.pool.query<EventRow>({
      name: backwards ? 'read_stream_backwards' : 'read_stream_forwards',
      text: `select ${EVENT_COLUMNS} from events where stream_id = $1 and revision ${backwards ? '<=' : '>='} $2
             order by revision ${backwards ? 'desc' : 'asc'} limit $3`,
      values: [streamId, from.toString(), options.maxCount ?? null],
    });
    return result.rows.map(toRecordedEvent);
  }

  /** One query for all of them: the (stream_id, revision) index serves each stream's range. */
  async readStreams(fromRevisions: ReadonlyMap<string, bigint>): Promise<Map<string, RecordedEvent[]>> {
    if (fromRevisions.size === 0) return new Map();
    const result = await this.pool.query<EventRow>({
      name: 'read_streams_forwards',
      text: `select ${EVENT_COLUMNS} from events join unnest($1::text[], $2::bigint[]) as wanted(stream, from_revision)
               on events.stream_id = wanted.stream and events.revision >= wanted.from_revision
             order by stream_id, revision`,
      values: [[...fromRevisions.keys()], [...fromRevisions.values()].map(String)],
    });
    return groupBy(result.rows.map(toRecordedEvent), (event) => event.streamId);
  }

  /** Revision 0 of each stream, through the (stream_id, revision) index: no event is read. */
  async existingStreams(streamIds: readonly string[]): Promise<Set<string>> {
    if (streamIds.length === 0) return new Set();
    const result = await this.pool.query<{ stream_id: string }>({
      name: 'existing_streams',
      text: 'select stream_id from events where stream_id = any($1::text[]) and revision = 0',
      values: [[...new Set(streamIds)]],
    });
    return new Set(result.rows.map((row) => row.stream_id));
  }

  /**
   * The feed between two positions (to its end by default), of some types only where asked,
   * filtered in the query: a rebuild of one projection neither transfers nor parses the events
   * it would skip. Only rows below the event-writer horizon are shown, so no commit can land
   * behind a reader's checkpoint (see the migration feed_waits_for_event_writers).
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = parseFeedPosition(options.fromPosition ?? null);
    const to = options.toPosition === undefined ? FEED_END : parseFeedPosition(options.toPosition);
    const result = await this.pool.query<EventRow>({
      name: 'read_event_feed',
      text: `select ${EVENT_COLUMNS} from read_event_feed($1::xid8, $2::bigint, $3::xid8, $4::bigint, $5::text[], $6::int)`,
      values: [
        from.txId,
        from.position,
        to.txId,
        to.position,
        options.eventTypes ? [...options.eventTypes] : null,
        options.maxCount ?? 1000,
      ],
    });
    return result.rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeOptions, onEvents: (events: RecordedEvent[]) => Promise<void>): Subscription {
    return this.feed.subscribe(options.fromPosition ?? null, options.batchSize ?? 500, onEvents);
  }

  async close(): Promise<void> {
    // The pool belongs to the database module, which closes it.
  }
}

function translateAppendError(
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
  events: readonly EventToAppend[],
): unknown {
  if (error instanceof WrongExpectedVersionError || error instanceof EventIdConflictError) return error;
  const pgError = error as { code?: string; detail?: string; constraint?: string };
  if (pgError.code === 'SS002') {
    return new WrongExpectedVersionError(streamId, expected, pgError.detail ? BigInt(pgError.detail) : null);
  }
  if (pgError.code === 'SS001') return new EventIdConflictError(pgError.detail ?? events[0].eventId, streamId);
  // A later id of the batch already stored elsewhere: the unique index is the last line of defence.
  if (pgError.code === '23505' && pgError.constraint === 'events_event_id_key') {
    const eventId = /\(event_id\)=\(([^)]+)\)/.exec(pgError.detail ?? '')?.[1] ?? events[0].eventId;
    return new EventIdConflictError(eventId, streamId);
  }
  return error;
}
