import { expect } from 'vitest';
import type { Decider, DomainEvent } from '../../src/shared-kernel/decider';

/** A stream's decider with its `decide(command, state)`: what every aggregate's domain/ exports. */
export interface DeciderUnderTest<Command, State, Event extends DomainEvent> extends Decider<State, Event> {
  decide(command: Command, state: State): Event[];
}

/** What a refusal must match: its code, or some of its fields (code, httpStatus, details…). */
type Refusal = string | Record<string, unknown>;

/**
 * The one given/when/then style of every decider's specs (after Emmett's DeciderSpecification,
 * but with vitest's exact, ordered matching and its diffs):
 *
 *   spec.given(...history).when(command).then(...events) | .thenNothingHappened() | .thenThrows(refusal)
 *   spec.given(...history).thenViolates(rule)            — the history itself breaks an invariant
 *   spec.given(...history).when(command).thenViolates(rule) — the decision would break one
 *
 * `then` also folds the decided events onto the state, as an append does, so a decision whose
 * events break an invariant fails its spec.
 */
export function deciderSpec<Command, State, Event extends DomainEvent>(
  decider: DeciderUnderTest<Command, State, Event>,
) {
  return {
    given(...history: Event[]) {
      const fold = (): State => history.reduce(decider.evolve, decider.initialState);
      return {
        /** The state the history folds to, for specs about evolve itself. */
        state: fold,
        thenViolates(rule: string): void {
          expect(fold).toThrow(violation(rule));
        },
        when(command: Command) {
          const decide = (): Event[] => decider.decide(command, fold());
          return {
            then(...expected: Event[]): void {
              const events = decide();
              expect(events).toEqual(expected);
              events.reduce(decider.evolve, fold());
            },
            thenNothingHappened(): void {
              expect(decide()).toEqual([]);
            },
            thenThrows(refusal: Refusal): void {
              expect(decide).toThrow(
                expect.objectContaining(typeof refusal === 'string' ? { code: refusal } : refusal),
              );
            },
            thenViolates(rule: string): void {
              expect(() => decide().reduce(decider.evolve, fold())).toThrow(violation(rule));
            },
          };
        },
      };
    },
  };
}

// expect's asymmetric matchers are typed `any`; to the caller this one is only something to compare with.
function violation(rule: string): unknown {
  return expect.objectContaining({ name: 'InvariantViolation', rule });
}
