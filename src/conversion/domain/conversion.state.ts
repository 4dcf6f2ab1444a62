import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import { invariant } from '../../shared-kernel/invariant';
import { FINAL_STATUSES, type ConversionEvent, type ConversionStatus, type Vote } from './conversion.events';

export interface ConversionState {
  status: ConversionStatus | null;
  conversionId: string | null;
  windowId: string | null;
  ventureId: string | null;
  userId: string | null;
  amountBuz: bigint;
  votes: Readonly<Record<string, Vote>>;
}

export const initialConversionState: ConversionState = {
  status: null,
  conversionId: null,
  windowId: null,
  ventureId: null,
  userId: null,
  amountBuz: 0n,
  votes: {},
};

/**
 * The request's life: REQUESTED → APPROVED or REJECTED by the board; SETTLED (approved only),
 * EXPIRED or CANCELLED from a status that is not final yet. Votes go only on a pending request,
 * one per voter. An event outside that life breaks the conversion's invariants.
 */
function assertInvariants(state: ConversionState, event: ConversionEvent): void {
  const details = { event: event.type, status: state.status };
  switch (event.type) {
    case 'ConversionRequested':
      return invariant(state.status === null, 'conversion', 'a request is recorded once', details);
    case 'ConversionVoteCast':
      invariant(state.status === 'REQUESTED', 'conversion', 'votes go only on a pending request', details);
      return invariant(!Object.hasOwn(state.votes, event.data.voterId), 'conversion', 'one vote per voter', {
        ...details,
        voterId: event.data.voterId,
      });
    case 'ConversionApproved':
    case 'ConversionRejected':
      return invariant(state.status === 'REQUESTED', 'conversion', 'the board decides only a pending request', details);
    case 'ConversionSettled':
      return invariant(state.status === 'APPROVED', 'conversion', 'only an approved request settles', details);
    case 'ConversionCancelled':
    case 'ConversionExpired':
      return invariant(
        state.status !== null && !FINAL_STATUSES.includes(state.status),
        'conversion',
        'nothing follows a final status',
        details,
      );
    default:
      return assertNever(event);
  }
}

export function evolveConversion(state: ConversionState, event: ConversionEvent): ConversionState {
  assertInvariants(state, event);
  switch (event.type) {
    case 'ConversionRequested': {
      const { conversionId, windowId, ventureId, userId, amountBuz } = event.data;
      return { ...state, status: 'REQUESTED', conversionId, windowId, ventureId, userId, amountBuz: BigInt(amountBuz) };
    }
    case 'ConversionVoteCast':
      return { ...state, votes: { ...state.votes, [event.data.voterId]: event.data.vote } };
    case 'ConversionCancelled':
      return { ...state, status: 'CANCELLED' };
    case 'ConversionApproved':
      return { ...state, status: 'APPROVED' };
    case 'ConversionRejected':
      return { ...state, status: 'REJECTED' };
    case 'ConversionExpired':
      return { ...state, status: 'EXPIRED' };
    case 'ConversionSettled':
      return { ...state, status: 'SETTLED' };
    default:
      return assertNever(event);
  }
}

export const conversionDecider: Decider<ConversionState, ConversionEvent> = {
  initialState: initialConversionState,
  evolve: evolveConversion,
};

/** The votes of the given board's members; a member who has left the board no longer counts. */
export function tally(
  votesByVoter: Readonly<Record<string, Vote>>,
  board: readonly string[],
): { approvals: number; rejections: number } {
  const votes = board.map((memberId) => votesByVoter[memberId]);
  return {
    approvals: votes.filter((vote) => vote === 'APPROVE').length,
    rejections: votes.filter((vote) => vote === 'REJECT').length,
  };
}
