import type { EventStore, RecordedEvent } from './event-store.port';
import type { Decider, DomainEvent } from '../../shared-kernel/decider';

export interface CachedStream<State> {
  /** Revision of the last event folded in; -1n for a stream with no events. */
  revision: bigint;
  state: State;
  /**
   * Ids of every event folded in, to recognise a retried command without reading it all again.
   * Grown in place: commands on one stream run one at a time (see PerKeyQueue), so no copy.
   */
  eventIds: Set<string>;
}

/**
 * Folded stream states kept between commands, so a command reads only the events appended since
 * (a hot wallet would otherwise re-read its whole history on every payout). States are
 * immutable, events are never changed, and new events — from this process or another — are
 * read forward from the cached revision, so a cached entry can be behind but never wrong.
 * Least recently used streams are dropped beyond `maxStreams`.
 */
export class StreamStateCache {
  private readonly byDecider = new WeakMap<object, Map<string, CachedStream<unknown>>>();

  constructor(private readonly maxStreams = 5000) {}

  /**
   * `trustCached` returns a cached entry without reading: only for a writer whose exact-revision
   * append then catches a stale entry (and who reloads without it on the retry).
   */
  async load<State, Event extends DomainEvent>(
    store: EventStore,
    streamId: string,
    decider: Decider<State, Event>,
    trustCached = false,
  ): Promise<CachedStream<State>> {
    const streams = this.streamsOf(decider);
    const cached = streams.get(streamId) as CachedStream<State> | undefined;
    if (cached && trustCached) return this.touch(streams, streamId, cached);
    const fresh = await store.readStream(streamId, cached ? { fromRevision: cached.revision + 1n } : {});
    return this.touch(streams, streamId, foldNew(decider, cached, fresh));
  }

  /** Like `load` for several streams of one decider, with one read for all of them. */
  async loadMany<State, Event extends DomainEvent>(
    store: EventStore,
    streamIds: readonly string[],
    decider: Decider<State, Event>,
  ): Promise<Map<string, CachedStream<State>>> {
    const streams = this.streamsOf(decider);
    // The entries the read starts from, taken before it: a concurrent load may replace them while
    // this one reads, and folding what was read onto its newer entry would count events twice.
    const cached = new Map(
      streamIds.map((streamId) => [streamId, streams.get(streamId) as CachedStream<State> | undefined]),
    );
    const fromRevisions = new Map([...cached].map(([streamId, entry]) => [streamId, (entry?.revision ?? -1n) + 1n]));
    const fresh = await store.readStreams(fromRevisions);
    const loaded = new Map<string, CachedStream<State>>();
    for (const streamId of fromRevisions.keys())
      loaded.set(
        streamId,
        this.touch(streams, streamId, foldNew(decider, cached.get(streamId), fresh.get(streamId) ?? [])),
      );
    return loaded;
  }

  /** Records what this process just appended. */
  remember<State>(decider: object, streamId: string, entry: CachedStream<State>): void {
    this.touch(this.streamsOf(decider), streamId, entry);
  }

  private streamsOf(decider: object): Map<string, CachedStream<unknown>> {
    let streams = this.byDecider.get(decider);
    if (!streams) this.byDecider.set(decider, (streams = new Map<string, CachedStream<unknown>>()));
    return streams;
  }

  private touch<State>(
    streams: Map<string, CachedStream<unknown>>,
    streamId: string,
    entry: CachedStream<State>,
  ): CachedStream<State> {
    streams.delete(streamId);
    streams.set(streamId, entry);
    if (streams.size > this.maxStreams) streams.delete(streams.keys().next().value as string);
    return entry;
  }
}

/** The cached entry moved forward over the events read after it (the entry itself when there are none). */
function foldNew<State, Event extends DomainEvent>(
  decider: Decider<State, Event>,
  cached: CachedStream<State> | undefined,
  fresh: readonly RecordedEvent[],
): CachedStream<State> {
  if (cached && fresh.length === 0) return cached;
  const eventIds = cached?.eventIds ?? new Set<string>();
  let state = cached?.state ?? decider.initialState;
  for (const event of fresh) {
    state = decider.evolve(state, { type: event.type, data: event.data } as Event);
    eventIds.add(event.eventId);
  }
  const revision = fresh.length > 0 ? fresh[fresh.length - 1].revision : (cached?.revision ?? -1n);
  return { revision, state, eventIds };
}

/** One stream of what loadMany returned, which holds every stream it was asked for. */
export function loadedStream<State>(
  loaded: ReadonlyMap<string, CachedStream<State>>,
  streamId: string,
): CachedStream<State> {
  const stream = loaded.get(streamId);
  if (!stream) throw new Error(`${streamId} was not among the streams loaded`);
  return stream;
}
