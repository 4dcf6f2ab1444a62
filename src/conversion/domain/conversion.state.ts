import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import type { ConversionEvent, ConversionStatus, Vote } from './conversion.events';

export interface ConversionState {
  status: ConversionStatus | null;
  conversionId: string | null;
  windowId: string | null;
  ventureId: string | null;
  userId: string | null;
  amountBuz: bigint;
  votes: Readonly<Record<string, Vote>>;
}

export const initialConversionState: ConversionState = { status: null, conversionId: null, windowId: null, ventureId: null, userId: null, amountBuz: 0n, votes: {} };

export function evolveConversion(state: ConversionState, event: ConversionEvent): ConversionState {
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

export const conversionDecider: Decider<ConversionState, ConversionEvent> = { initialState: initialConversionState, evolve: evolveConversion };

/** The votes of the given board's members; a member who has left the board no longer counts. */
export function tally(votesByVoter: Readonly<Record<string, Vote>>, board: readonly string[]): { approvals: number; rejections: number } {
  const votes = board.map((memberId) => votesByVoter[memberId]);
  return { approvals: votes.filter((vote) => vote === 'APPROVE').length, rejections: votes.filter((vote) => vote === 'REJECT').length };
}
