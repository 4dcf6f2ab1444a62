import { assertNever } from '../../shared-kernel/assert-never';
import { DomainError } from '../../shared-kernel/domain-error';
import type { Decider } from '../../shared-kernel/decider';
import type { HoldScope, LegalHoldEvent, LegalHoldPlacedData } from './legal-hold.events';

export type LegalHold = LegalHoldPlacedData & { releasedAt: string | null };

export interface LegalHoldsState {
  holds: Record<string, LegalHold>;
}

export const initialLegalHoldsState: LegalHoldsState = { holds: {} };

export function evolveLegalHolds(state: LegalHoldsState, event: LegalHoldEvent): LegalHoldsState {
  switch (event.type) {
    case 'LegalHoldPlaced':
      return { holds: { ...state.holds, [event.data.holdId]: { ...event.data, releasedAt: null } } };
    case 'LegalHoldReleased': {
      const hold = Object.hasOwn(state.holds, event.data.holdId) ? state.holds[event.data.holdId] : undefined;
      return hold
        ? { holds: { ...state.holds, [hold.holdId]: { ...hold, releasedAt: event.data.releasedAt } } }
        : state;
    }
    default:
      return assertNever(event);
  }
}

export const legalHoldsDecider: Decider<LegalHoldsState, LegalHoldEvent> = {
  initialState: initialLegalHoldsState,
  evolve: evolveLegalHolds,
};

/** What an action touches: each scope and the ids it reaches (a document, its owner, its clients…). */
export type HoldTargets = Partial<Record<HoldScope, readonly string[]>>;

/** The active holds covering any of `targets`, oldest first. */
export function holdsCovering(state: LegalHoldsState, targets: HoldTargets): LegalHold[] {
  return Object.values(state.holds)
    .filter((hold) => hold.releasedAt === null && (targets[hold.scope] ?? []).includes(hold.scopeId))
    .sort((a, b) => a.placedAt.localeCompare(b.placedAt));
}

export class LegalHoldError extends DomainError {
  constructor(action: string, hold: Pick<LegalHold, 'holdId' | 'scope' | 'scopeId'>) {
    super('LEGAL_HOLD', `A legal hold (${hold.holdId}, on ${hold.scope} ${hold.scopeId}) blocks ${action}`, {
      holdId: hold.holdId,
      scope: hold.scope,
      scopeId: hold.scopeId,
      action,
    });
  }
}

/** Refuses `action` with 409 LEGAL_HOLD naming the first hold that covers it. */
export function refuseIfHeld(holds: readonly LegalHold[], action: string): void {
  if (holds.length > 0) throw new LegalHoldError(action, holds[0]);
}
