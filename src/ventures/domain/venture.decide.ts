import { DomainError } from '../../shared-kernel/domain-error';
import type { VentureCreatedData, VentureEvent } from './venture.events';
import type { VentureState } from './venture.state';

/** Pure decisions on `venture-<id>`, and the ownership rule every task decision relies on. */

export class VentureNotFoundError extends DomainError {
  constructor(ventureId: string) {
    super('VENTURE_NOT_FOUND', `No venture ${ventureId}`, { ventureId });
  }
}

/** Its code is not FORBIDDEN: the caller passed the access guard, the venture's rule refused. */
export class NotVentureOwnerError extends DomainError {
  constructor(ventureId: string, action: string) {
    super('NOT_VENTURE_OWNER', `Only the venture's owner may ${action}`, { ventureId });
  }
}

/** The one command on `venture-<ventureId>`: a member founds it and becomes its owner. */
export type VentureCommand = { type: 'CreateVenture'; venture: VentureCreatedData };

export function decideVenture({ venture }: VentureCommand, state: VentureState): VentureEvent[] {
  if (state.venture)
    throw new DomainError('VENTURE_EXISTS', `Venture ${venture.ventureId} already exists`, {
      ventureId: venture.ventureId,
    });
  return [{ type: 'VentureCreated', data: venture }];
}

/** The venture, which must exist; its owner never changes, so reading it beside a task stream is safe. */
export function requireVenture(state: VentureState, ventureId: string): VentureCreatedData {
  if (!state.venture) throw new VentureNotFoundError(ventureId);
  return state.venture;
}

export function requireVentureOwner(
  state: VentureState,
  ventureId: string,
  actorId: string,
  action: string,
): VentureCreatedData {
  const venture = requireVenture(state, ventureId);
  if (venture.ownerId !== actorId) throw new NotVentureOwnerError(ventureId, action);
  return venture;
}
