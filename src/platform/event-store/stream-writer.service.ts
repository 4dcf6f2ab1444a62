import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { decideOnStream, stateCache, type DecisionResult } from './stream-decider';
import { type Decider, type DomainEvent } from '../../shared-kernel/decider';

/** Who caused a write and under which command id (which makes a retry a no-op). */
export interface WriteCause {
  commandId: string;
  actorId: string | null;
  correlationId?: string | null;
  causationId?: string | null;
}

/** Loads and writes any stream with a decider, with the clock's time in the metadata. */
@Injectable()
export class StreamWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The stream's state now: a cached fold that reads every event appended since (a window's stream holds all its filings). */
  async load<State, Event extends DomainEvent>(streamId: string, decider: Decider<State, Event>): Promise<State> {
    return (await stateCache.load(this.store, streamId, decider)).state;
  }

  write<State, Event extends DomainEvent>(
    streamId: string,
    decider: Decider<State, Event>,
    cause: WriteCause,
    decide: (state: State) => Event[],
    onReplay: 'verify' | 'accept' = 'verify',
  ): Promise<DecisionResult<State, Event>> {
    return decideOnStream({
      store: this.store,
      streamId,
      decider,
      decide,
      onReplay,
      commandId: cause.commandId,
      metadata: {
        occurredAt: this.clock.now().toISOString(),
        actorId: cause.actorId,
        correlationId: cause.correlationId ?? cause.commandId,
        causationId: cause.causationId ?? null,
      },
    });
  }
}
