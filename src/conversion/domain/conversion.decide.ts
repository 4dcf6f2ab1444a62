import { DomainError } from '../../platform/http/domain-error';
import type { AllocationRecord } from './window.events';
import { FINAL_STATUSES, type ConversionEvent, type Vote } from './conversion.events';
import { tally, type ConversionState } from './conversion.state';

export class ConversionNotFoundError extends DomainError {
  constructor(conversionId: string) {
    super(404, 'CONVERSION_NOT_FOUND', `No conversion ${conversionId}`, { conversionId });
  }
}

export function requestConversion(state: ConversionState, request: { conversionId: string; windowId: string; ventureId: string; userId: string; amountBuz: bigint }): ConversionEvent[] {
  if (state.status !== null) return [];
  return [{ type: 'ConversionRequested', data: { ...request, amountBuz: request.amountBuz.toString() } }];
}

/** The member withdraws a request that is not final yet, while the window is open. */
export function cancelConversion(state: ConversionState, input: { conversionId: string; actorId: string; windowOpen: boolean }): ConversionEvent[] {
  if (state.status === null) throw new ConversionNotFoundError(input.conversionId);
  if (state.userId !== input.actorId) throw new DomainError(403, 'NOT_YOUR_CONVERSION', 'Only the member who asked can cancel a conversion');
  if (state.status === 'CANCELLED') return [];
  if (FINAL_STATUSES.includes(state.status)) throw new DomainError(409, 'CONVERSION_FINAL', `The conversion is already ${state.status}`);
  if (!input.windowOpen) throw new DomainError(409, 'WINDOW_NOT_OPEN', 'Requests can be cancelled only while the window is open');
  return [{ type: 'ConversionCancelled', data: { cancelledBy: input.actorId } }];
}

/** A board member's vote: a quorum of approvals approves, a quorum of rejections rejects. */
export function castVote(state: ConversionState, input: { conversionId: string; voterId: string; vote: Vote; note: string; quorum: number }): ConversionEvent[] {
  if (state.status === null) throw new ConversionNotFoundError(input.conversionId);
  if (state.userId === input.voterId) throw new DomainError(403, 'OWN_CONVERSION_VOTE', 'Nobody votes on their own conversion request');
  if (state.status !== 'REQUESTED') throw new DomainError(409, 'CONVERSION_NOT_PENDING', `Voting is closed: the conversion is ${state.status}`);
  if (state.votes[input.voterId]) throw new DomainError(409, 'ALREADY_VOTED', 'You have already voted on this conversion');
  const events: ConversionEvent[] = [{ type: 'ConversionVoteCast', data: { voterId: input.voterId, vote: input.vote, note: input.note } }];
  const { approvals, rejections } = tally({ ...state, votes: { ...state.votes, [input.voterId]: input.vote } });
  if (approvals >= input.quorum) events.push({ type: 'ConversionApproved', data: { approvals, quorum: input.quorum } });
  else if (rejections >= input.quorum) events.push({ type: 'ConversionRejected', data: { rejections, quorum: input.quorum } });
  return events;
}

/** Carries the window's finalization to this conversion (once). */
export function applyAllocation(state: ConversionState, allocation: AllocationRecord): ConversionEvent[] {
  if (state.status === null || FINAL_STATUSES.includes(state.status)) return [];
  if (allocation.outcome === 'EXPIRED') return [{ type: 'ConversionExpired', data: { reason: 'no quorum before the window was finalized' } }];
  const { grantedBps, burnedBuz, unlockedBuz } = allocation;
  return [{ type: 'ConversionSettled', data: { windowId: state.windowId as string, ventureId: state.ventureId as string, userId: state.userId as string, grantedBps, burnedBuz, unlockedBuz } }];
}

/** A request that arrived after its window was finalized never gets a vote: it expires. */
export function expireLateRequest(state: ConversionState): ConversionEvent[] {
  if (state.status === null || FINAL_STATUSES.includes(state.status)) return [];
  return [{ type: 'ConversionExpired', data: { reason: 'the window was finalized before this request was counted' } }];
}
