import { DomainError } from '../../platform/http/domain-error';
import type { AllocationRecord } from './window.events';
import { FINAL_STATUSES, type ConversionEvent, type Vote } from './conversion.events';
import { tally, type ConversionState } from './conversion.state';

export class ConversionNotFoundError extends DomainError {
  constructor(conversionId: string) {
    super('CONVERSION_NOT_FOUND', `No conversion ${conversionId}`, { conversionId });
  }
}

export function requestConversion(state: ConversionState, request: { conversionId: string; windowId: string; ventureId: string; userId: string; amountBuz: bigint }): ConversionEvent[] {
  if (state.status !== null) return [];
  return [{ type: 'ConversionRequested', data: { ...request, amountBuz: request.amountBuz.toString() } }];
}

/** The member withdraws a request that is not final yet, while the window is open. */
export function cancelConversion(state: ConversionState, input: { conversionId: string; actorId: string; windowOpen: boolean }): ConversionEvent[] {
  if (state.status === null) throw new ConversionNotFoundError(input.conversionId);
  if (state.userId !== input.actorId) throw new DomainError('NOT_YOUR_CONVERSION', 'Only the member who asked can cancel a conversion');
  if (state.status === 'CANCELLED') return [];
  if (FINAL_STATUSES.includes(state.status)) throw new DomainError('CONVERSION_FINAL', `The conversion is already ${state.status}`);
  if (!input.windowOpen) throw new DomainError('WINDOW_NOT_OPEN', 'Requests can be cancelled only while the window is open');
  return [{ type: 'ConversionCancelled', data: { cancelledBy: input.actorId } }];
}

/** What a vote is decided on besides the request: the board as the roster records it, and the quorum rule. */
export interface VotingBoard {
  members: readonly string[];
  rosterRevision: bigint;
  quorumRule: 'majority' | number;
}

/** A majority of the board, or a fixed number of votes. */
export function quorumOf(board: VotingBoard): number {
  return board.quorumRule === 'majority' ? Math.floor(board.members.length / 2) + 1 : board.quorumRule;
}

/**
 * A board member's vote, counted on the board at the time of the vote: only its members vote,
 * only their votes count (a member who left no longer does), and a quorum of approvals
 * approves, a quorum of rejections rejects.
 */
export function castVote(state: ConversionState, input: { conversionId: string; voterId: string; vote: Vote; note: string; board: VotingBoard }): ConversionEvent[] {
  if (state.status === null) throw new ConversionNotFoundError(input.conversionId);
  if (state.userId === input.voterId) throw new DomainError('OWN_CONVERSION_VOTE', 'Nobody votes on their own conversion request');
  const { board } = input;
  if (!board.members.includes(input.voterId)) throw new DomainError('NOT_ON_BOARD', 'Only members of the board vote, and the board roster does not list you', { voterId: input.voterId });
  if (state.status !== 'REQUESTED') throw new DomainError('CONVERSION_NOT_PENDING', `Voting is closed: the conversion is ${state.status}`);
  if (Object.hasOwn(state.votes, input.voterId)) throw new DomainError('ALREADY_VOTED', 'You have already voted on this conversion');
  const events: ConversionEvent[] = [{ type: 'ConversionVoteCast', data: { voterId: input.voterId, vote: input.vote, note: input.note } }];
  const { approvals, rejections } = tally({ ...state.votes, [input.voterId]: input.vote }, board.members);
  const quorum = quorumOf(board);
  const counted = { quorum, boardSize: board.members.length, rosterRevision: board.rosterRevision.toString() };
  if (approvals >= quorum) events.push({ type: 'ConversionApproved', data: { approvals, ...counted } });
  else if (rejections >= quorum) events.push({ type: 'ConversionRejected', data: { rejections, ...counted } });
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
