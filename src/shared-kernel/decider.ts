import type { JsonObject } from './json';

/** A domain event before it is stored: the discriminated unions of each context extend this. */
export interface DomainEvent {
  type: string;
  data: JsonObject;
}

export interface Decider<State, Event extends DomainEvent> {
  initialState: State;
  evolve(this: void, state: State, event: Event): State;
}
