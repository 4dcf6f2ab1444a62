import { DomainError } from '../../shared-kernel/domain-error';
import type { LegalHoldEvent, LegalHoldPlacedData } from './legal-hold.events';
import type { LegalHoldsState } from './legal-hold.state';

/** Pure decisions on the holds stream. The hold id derives from the command id, so a retry places nothing new. */

export function placeLegalHold(state: LegalHoldsState, hold: LegalHoldPlacedData): LegalHoldEvent[] {
  if (Object.hasOwn(state.holds, hold.holdId))
    throw new DomainError('HOLD_EXISTS', `Legal hold ${hold.holdId} already exists`, { holdId: hold.holdId });
  return [{ type: 'LegalHoldPlaced', data: hold }];
}

export function releaseLegalHold(
  state: LegalHoldsState,
  holdId: string,
  releasedBy: string,
  releasedAt: string,
): LegalHoldEvent[] {
  const hold = Object.hasOwn(state.holds, holdId) ? state.holds[holdId] : undefined;
  if (!hold) throw new DomainError('HOLD_NOT_FOUND', `No legal hold ${holdId}`, { holdId });
  if (hold.releasedAt !== null)
    throw new DomainError('HOLD_RELEASED', `Legal hold ${holdId} was released already`, {
      holdId,
      releasedAt: hold.releasedAt,
    });
  return [{ type: 'LegalHoldReleased', data: { holdId, releasedBy, releasedAt } }];
}
