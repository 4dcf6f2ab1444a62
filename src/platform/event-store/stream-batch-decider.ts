import type { EventMetadata, EventStore, EventToAppend } from './event-store.port';
import type { CachedStream } from './stream-state-cache';
import {
  appendOnLoaded,
  commandEventId,
  retryOnRace,
  stateCache,
  streamQueue,
  type WriteContext,
} from './stream-decider';
import { type Decider, type DomainEvent } from '../../shared-kernel/decider';

/** One command of a batch: its id is its cause, so a re-run is recognised by its first event id. */
export interface StreamCommand<State, Event extends DomainEvent> {
  commandId: string;
  metadata: WriteContext;
  /** Pure: the events this command produces in `state` (the state the earlier commands left). */
  decide(state: State): Event[];
}

export interface BatchOnStreamOptions<State, Event extends DomainEvent> {
  store: EventStore;
  streamId: string;
  decider: Decider<State, Event>;
  commands: readonly StreamCommand<State, Event>[];
  maxAttempts?: number;
}

/** Per command, in order: what it wrote now; `replayed` when its events were already stored (nothing new written). */
export interface CommandOutcome<Event extends DomainEvent> {
  events: Event[];
  replayed: boolean;
}

interface Plan<State, Event extends DomainEvent> {
  outcomes: CommandOutcome<Event>[];
  toAppend: EventToAppend[];
  state: State;
}

/**
 * Several commands on one stream decided in order, each on the state the previous ones left, and
 * written as one atomic append at the exact revision: a process manager pays a wallet's whole
 * batch in one round trip, and the exact-revision append still serialises every rule across
 * processes. Commands already applied (by a re-run) are skipped and reported `replayed` with no events.
 * The first attempt trusts the cached state without reading: a stale entry only makes the append
 * fail, and the retry reads the stream.
 */
export function decideManyOnStream<State, Event extends DomainEvent>(
  options: BatchOnStreamOptions<State, Event>,
): Promise<CommandOutcome<Event>[]> {
  return streamQueue.run(options.streamId, () => decideBatchWithRetries(options));
}

async function decideBatchWithRetries<State, Event extends DomainEvent>(
  options: BatchOnStreamOptions<State, Event>,
): Promise<CommandOutcome<Event>[]> {
  // Another writer moved the stream (or a racing re-run stored these ids): reload and plan again.
  return retryOnRace(options.maxAttempts ?? 50, async (attempt) => {
    const loaded = await stateCache.load(options.store, options.streamId, options.decider, attempt === 1);
    const { outcomes, toAppend, state } = plan(options, loaded);
    if (toAppend.length > 0)
      await appendOnLoaded(options.store, options.streamId, options.decider, loaded, toAppend, state);
    return outcomes;
  });
}

function plan<State, Event extends DomainEvent>(
  options: BatchOnStreamOptions<State, Event>,
  loaded: CachedStream<State>,
): Plan<State, Event> {
  let state = loaded.state;
  const outcomes: CommandOutcome<Event>[] = [];
  const toAppend: EventToAppend[] = [];
  const planned = new Set<string>();
  for (const command of options.commands) {
    const eventId = (index: number) => commandEventId(command.commandId, options.streamId, index);
    // Delivery is at-least-once, so the same cause can even appear twice in one batch.
    if (loaded.eventIds.has(eventId(0)) || planned.has(eventId(0))) {
      outcomes.push({ events: [], replayed: true });
      continue;
    }
    const events = command.decide(state);
    state = events.reduce(options.decider.evolve, state);
    const metadata = { ...command.metadata, commandId: command.commandId } satisfies EventMetadata;
    toAppend.push(
      ...events.map((event, index) => ({ eventId: eventId(index), type: event.type, data: event.data, metadata })),
    );
    planned.add(eventId(0));
    outcomes.push({ events, replayed: false });
  }
  return { outcomes, toAppend, state };
}
