import { WrongExpectedVersionError } from './event-store.errors';
import type { AppendResult, EventMetadata, EventStore, JsonObject, RecordedEvent } from './event-store.port';
import { derivedId } from '../ids/ids';

/** A domain event before it is stored: the discriminated unions of each context extend this. */
export interface DomainEvent {
  type: string;
  data: JsonObject;
}

export interface Decider<State, Event extends DomainEvent> {
  initialState: State;
  evolve(state: State, event: Event): State;
}

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
}

export interface DecisionResult<State, Event extends DomainEvent> {
  events: Event[];
  state: State;
  append: AppendResult | null;
}

/**
 * Load → decide → append at the exact revision; on a concurrent write, reload and decide again.
 * The exact-revision append is what serialises the rules that span a stream's history.
 */
export async function decideOnStream<State, Event extends DomainEvent>(options: DecideOnStreamOptions<State, Event>): Promise<DecisionResult<State, Event>> {
  const attempts = options.maxAttempts ?? 50;
  for (let attempt = 1; ; attempt += 1) {
    const history = await options.store.readStream(options.streamId);
    const state = foldEvents(options.decider, history);
    const events = options.decide(state);
    if (events.length === 0) return { events, state, append: null };
    try {
      const append = await options.store.append(
        options.streamId,
        events.map((event, index) => ({
          eventId: derivedId(options.commandId, options.streamId, String(index)),
          type: event.type,
          data: event.data,
          metadata: { ...options.metadata, commandId: options.commandId } satisfies EventMetadata,
        })),
        { expectedRevision: history.length === 0 ? 'no_stream' : history[history.length - 1].revision },
      );
      return { events, state: events.reduce(options.decider.evolve, state), append };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= attempts) throw error;
    }
  }
}

export function foldEvents<State, Event extends DomainEvent>(decider: Decider<State, Event>, history: readonly RecordedEvent[]): State {
  return history.reduce((state, recorded) => decider.evolve(state, { type: recorded.type, data: recorded.data } as Event), decider.initialState);
}
