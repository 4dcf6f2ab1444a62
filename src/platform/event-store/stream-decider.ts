import { EventIdConflictError, WrongExpectedVersionError } from './event-store.errors';
import { DomainError } from '../../shared-kernel/domain-error';
import type { AppendResult, EventMetadata, EventStore, EventToAppend, RecordedEvent } from './event-store.port';
import { derivedId } from '../../shared-kernel/ids';
import { PerKeyQueue } from './per-key-queue';
import { retry } from '../retry/retry';
import { StreamStateCache, type CachedStream } from './stream-state-cache';
import { canonicalEventJson } from '../chain/canonical-json';
import type { Decider, DomainEvent } from '../../shared-kernel/decider';

/** Who and when, for the metadata of every event a command writes. */
export interface WriteContext {
  occurredAt: string;
  actorId: string | null;
  correlationId: string | null;
  causationId: string | null;
}

export interface DecideOnStreamOptions<State, Event extends DomainEvent> {
  store: EventStore;
  streamId: string;
  decider: Decider<State, Event>;
  /** Pure: the events this command produces in `state`; [] for a no-op; throws a DomainError to refuse. */
  decide(state: State): Event[];
  /** Derives the event ids, so a retried command writes nothing new. */
  commandId: string;
  metadata: WriteContext;
  maxAttempts?: number;
  /**
   * What to do when the command id was already applied. `verify` (default) decides again on
   * the state it saw and answers 409 if that differs (a reused Idempotency-Key). `accept` trusts
   * the stored events: for commands whose id is their cause (a task's payout), whose decision
   * also reads facts outside the stream that may have changed since.
   */
  onReplay?: 'verify' | 'accept';
}

export interface DecisionResult<State, Event extends DomainEvent> {
  events: Event[];
  state: State;
  append: AppendResult | null;
  /** True when this command id had already been applied and nothing new was written. */
  replayed: boolean;
}

export class IdempotencyConflictError extends DomainError {
  constructor(commandId: string) {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request', { commandId });
  }
}

/**
 * Load → decide → append at the exact revision; on a concurrent write, reload and decide again.
 * The exact-revision append is what serialises the rules that span a stream's history; within
 * one process, commands on the same stream also queue, so they rarely conflict at all.
 */
export const streamQueue = new PerKeyQueue();
export const stateCache = new StreamStateCache();

export function decideOnStream<State, Event extends DomainEvent>(
  options: DecideOnStreamOptions<State, Event>,
): Promise<DecisionResult<State, Event>> {
  return streamQueue.run(options.streamId, () => decideWithRetries(options));
}

async function decideWithRetries<State, Event extends DomainEvent>(
  options: DecideOnStreamOptions<State, Event>,
): Promise<DecisionResult<State, Event>> {
  const eventId = (index: number) => commandEventId(options.commandId, options.streamId, index);
  // A racing copy of this command may have won: the reload then finds its events.
  return retryOnRace(options.maxAttempts ?? 50, async () => {
    const loaded = await stateCache.load(options.store, options.streamId, options.decider);
    if (loaded.eventIds.has(eventId(0))) {
      const history = await options.store.readStream(options.streamId);
      return replay(
        options,
        history,
        history.findIndex((event) => event.eventId === eventId(0)),
      );
    }
    const events = options.decide(loaded.state);
    if (events.length === 0) return { events, state: loaded.state, append: null, replayed: false };
    const metadata = { ...options.metadata, commandId: options.commandId } satisfies EventMetadata;
    const toAppend = events.map((event, index) => ({
      eventId: eventId(index),
      type: event.type,
      data: event.data,
      metadata,
    }));
    const state = events.reduce(options.decider.evolve, loaded.state);
    const append = await appendOnLoaded(options.store, options.streamId, options.decider, loaded, toAppend, state);
    return { events, state, append, replayed: false };
  });
}

/** Runs `attempt` again while it loses a race on a stream: another writer moved it, or a racing copy stored the same ids. */
export function retryOnRace<Result>(
  maxAttempts: number,
  attempt: (attemptNumber: number) => Promise<Result>,
): Promise<Result> {
  // At once, without a pause: the next try reads the stream the winner just moved.
  return retry(attempt, {
    attempts: maxAttempts,
    retryIf: (error) => error instanceof WrongExpectedVersionError || error instanceof EventIdConflictError,
  });
}

/** Appends at exactly the loaded revision and caches the state the events lead to. */
export async function appendOnLoaded<State>(
  store: EventStore,
  streamId: string,
  decider: object,
  loaded: CachedStream<State>,
  events: EventToAppend[],
  state: State,
): Promise<AppendResult> {
  const append = await store.append(streamId, events, {
    expectedRevision: loaded.revision < 0n ? 'no_stream' : loaded.revision,
  });
  for (const event of events) loaded.eventIds.add(event.eventId);
  stateCache.remember(decider, streamId, { revision: append.nextExpectedRevision, state, eventIds: loaded.eventIds });
  return append;
}

/**
 * The command ran before (its first derived event id is stored at `index`). Deciding again on
 * the state it saw must give the same events; otherwise the id was reused for another request.
 */
function replay<State, Event extends DomainEvent>(
  options: DecideOnStreamOptions<State, Event>,
  history: RecordedEvent[],
  index: number,
): DecisionResult<State, Event> {
  const state = foldEvents(options.decider, history);
  if (options.onReplay === 'accept') {
    const stored = history.filter((event, at) => at >= index && event.metadata.commandId === options.commandId);
    const last = stored[stored.length - 1];
    const events = stored.map((event) => ({ type: event.type, data: event.data }) as Event);
    return { events, state, append: { nextExpectedRevision: last.revision, position: last.position }, replayed: true };
  }
  const events = options.decide(foldEvents(options.decider, history.slice(0, index)));
  const stored = history.slice(index, index + events.length);
  // Against the data as read (upcast to today's version), not the stored text: a command retried
  // across a schema change decides today's version of what it wrote then.
  const same =
    stored.length === events.length &&
    events.every(
      (event, at) =>
        event.type === stored[at].type && canonicalEventJson(event.data) === canonicalEventJson(stored[at].data),
    );
  if (!same) throw new IdempotencyConflictError(options.commandId);
  const last = stored[stored.length - 1];
  return { events, state, append: { nextExpectedRevision: last.revision, position: last.position }, replayed: true };
}

/** The id of a command's index-th event on a stream: a retry, batched or not, reuses it. */
export function commandEventId(commandId: string, streamId: string, index: number): string {
  return derivedId(commandId, streamId, String(index));
}

export function foldEvents<State, Event extends DomainEvent>(
  decider: Decider<State, Event>,
  history: readonly RecordedEvent[],
): State {
  return history.reduce(
    (state, recorded) => decider.evolve(state, { type: recorded.type, data: recorded.data } as Event),
    decider.initialState,
  );
}
