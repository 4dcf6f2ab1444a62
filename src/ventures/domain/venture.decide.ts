import { DomainError } from '../../shared-kernel/domain-error';
import { VENTURE_TOTAL_BPS, type VentureCreatedData, type VentureEvent } from './venture.events';
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

/**
 * The one command on `venture-<ventureId>`: a member founds it and becomes its owner. Without
 * founders, the whole venture starts as the unallocated pool.
 */
export type VentureCommand = {
  type: 'CreateVenture';
  venture: Omit<VentureCreatedData, 'founders'> & { founders?: VentureCreatedData['founders'] };
};

export function decideVenture({ venture }: VentureCommand, state: VentureState): VentureEvent[] {
  if (state.venture)
    throw new DomainError('VENTURE_EXISTS', `Venture ${venture.ventureId} already exists`, {
      ventureId: venture.ventureId,
    });
  const created = { ...venture, founders: venture.founders ?? [] };
  requireFoundersFit(created);
  return [{ type: 'VentureCreated', data: created }];
}

/** The founders' allocation is whole basis points, one line per founder, and leaves the total at most 10,000 bp. */
function requireFoundersFit({ ventureId, founders }: VentureCreatedData): void {
  const userIds = founders.map((founder) => founder.userId);
  if (new Set(userIds).size !== userIds.length)
    throw new DomainError('FOUNDERS_INVALID', 'Each founder is named once', { ventureId });
  const totalBps = founders.reduce((sum, founder) => sum + BigInt(founder.bps), 0n);
  if (founders.some((founder) => BigInt(founder.bps) <= 0n) || totalBps > VENTURE_TOTAL_BPS)
    throw new DomainError(
      'FOUNDERS_INVALID',
      `Founders hold ${totalBps} bp in all; each needs at least 1 bp and together at most ${VENTURE_TOTAL_BPS} bp`,
      { ventureId, totalBps: totalBps.toString() },
    );
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
