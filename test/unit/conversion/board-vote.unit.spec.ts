import { describe, expect, it } from 'vitest';
import { castVote, type VotingBoard } from '../../../src/conversion/domain/conversion.decide';
import type { ConversionEvent } from '../../../src/conversion/domain/conversion.events';
import { evolveConversion, initialConversionState, type ConversionState } from '../../../src/conversion/domain/conversion.state';

const requested: ConversionEvent = { type: 'ConversionRequested', data: { conversionId: 'c1', windowId: 'w1', ventureId: 'v1', userId: 'requester', amountBuz: '100' } };
const voted = (voterId: string, vote: 'APPROVE' | 'REJECT' = 'APPROVE'): ConversionEvent => ({ type: 'ConversionVoteCast', data: { voterId, vote, note: 'because' } });
const given = (...events: ConversionEvent[]): ConversionState => events.reduce(evolveConversion, initialConversionState);
const board = (members: string[], quorumRule: VotingBoard['quorumRule'] = 'majority'): VotingBoard => ({ members, rosterRevision: 7n, quorumRule });
const vote = (state: ConversionState, voterId: string, onBoard: VotingBoard, choice: 'APPROVE' | 'REJECT' = 'APPROVE') => castVote(state, { conversionId: 'c1', voterId, vote: choice, note: 'because', board: onBoard });

describe('a board vote on a conversion', () => {
  it('approves at a majority of the board at the time of the vote, and records the board it counted', () => {
    const fiveMembers = board(['a', 'b', 'c', 'd', 'e']);
    expect(vote(given(requested, voted('a')), 'b', fiveMembers)).toEqual([voted('b')]);
    expect(vote(given(requested, voted('a'), voted('b')), 'c', fiveMembers)).toEqual([voted('c'), { type: 'ConversionApproved', data: { approvals: 3, quorum: 3, boardSize: 5, rosterRevision: '7' } }]);
  });

  it('refuses a voter the roster does not list, even one who voted before leaving', () => {
    expect(() => vote(given(requested), 'x', board(['a', 'b']))).toThrow(expect.objectContaining({ httpStatus: 403, code: 'NOT_ON_BOARD' }));
  });

  it('no longer counts the vote of a member who has left: the majority shrinks and counts only current members', () => {
    const afterLeaving = board(['a', 'b', 'c']);
    expect(vote(given(requested, voted('gone'), voted('a')), 'b', afterLeaving)).toEqual([voted('b'), { type: 'ConversionApproved', data: { approvals: 2, quorum: 2, boardSize: 3, rosterRevision: '7' } }]);
    expect(vote(given(requested, voted('gone')), 'a', afterLeaving)).toEqual([voted('a')]);
  });

  it('rejects at a quorum of rejections, and a fixed quorum ignores the board size', () => {
    expect(vote(given(requested, voted('a', 'REJECT')), 'b', board(['a', 'b', 'c']), 'REJECT')[1]).toMatchObject({ type: 'ConversionRejected', data: { rejections: 2, quorum: 2 } });
    expect(vote(given(requested), 'a', board(['a', 'b', 'c'], 1))[1]).toMatchObject({ type: 'ConversionApproved', data: { approvals: 1, quorum: 1, boardSize: 3 } });
  });
});
