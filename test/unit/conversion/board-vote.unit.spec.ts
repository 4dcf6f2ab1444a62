import { describe, it } from 'vitest';
import { approved, board, cancelled, conversionSpec, requested, vote, voted } from '../../support/conversion-events';

describe('a board vote on a conversion', () => {
  it('approves at a majority of the board at the time of the vote, and records the board it counted', () => {
    const fiveMembers = board(['a', 'b', 'c', 'd', 'e']);
    conversionSpec.given(requested, voted('a')).when(vote('b', fiveMembers)).then(voted('b'));
    conversionSpec
      .given(requested, voted('a'), voted('b'))
      .when(vote('c', fiveMembers))
      .then(voted('c'), {
        type: 'ConversionApproved',
        data: { approvals: 3, quorum: 3, boardSize: 5, rosterRevision: '7' },
      });
  });

  it('refuses a voter the roster does not list, even one who voted before leaving', () => {
    conversionSpec
      .given(requested)
      .when(vote('x', board(['a', 'b'])))
      .thenThrows({ httpStatus: 403, code: 'NOT_ON_BOARD' });
  });

  it('no longer counts the vote of a member who has left: the majority shrinks and counts only current members', () => {
    const afterLeaving = board(['a', 'b', 'c']);
    conversionSpec
      .given(requested, voted('gone'), voted('a'))
      .when(vote('b', afterLeaving))
      .then(voted('b'), {
        type: 'ConversionApproved',
        data: { approvals: 2, quorum: 2, boardSize: 3, rosterRevision: '7' },
      });
    conversionSpec.given(requested, voted('gone')).when(vote('a', afterLeaving)).then(voted('a'));
  });

  it('rejects at a quorum of rejections, and a fixed quorum ignores the board size', () => {
    conversionSpec
      .given(requested, voted('a', 'REJECT'))
      .when(vote('b', board(['a', 'b', 'c']), 'REJECT'))
      .then(voted('b', 'REJECT'), {
        type: 'ConversionRejected',
        data: { rejections: 2, quorum: 2, boardSize: 3, rosterRevision: '7' },
      });
    conversionSpec
      .given(requested)
      .when(vote('a', board(['a', 'b', 'c'], 1)))
      .then(voted('a'), {
        type: 'ConversionApproved',
        data: { approvals: 1, quorum: 1, boardSize: 3, rosterRevision: '7' },
      });
  });

  it('refuses a vote on an unknown request, on your own request, a second vote, and a vote once decided', () => {
    const members = board(['a', 'b', 'requester']);
    conversionSpec.given().when(vote('a', members)).thenThrows({ httpStatus: 404, code: 'CONVERSION_NOT_FOUND' });
    conversionSpec.given(requested).when(vote('requester', members)).thenThrows('OWN_CONVERSION_VOTE');
    conversionSpec.given(requested, voted('a')).when(vote('a', members)).thenThrows('ALREADY_VOTED');
    conversionSpec.given(requested, voted('a'), approved).when(vote('b', members)).thenThrows('CONVERSION_NOT_PENDING');
    conversionSpec.given(requested, cancelled).when(vote('b', members)).thenThrows('CONVERSION_NOT_PENDING');
  });
});

describe('the conversion invariants', () => {
  it('take votes only on a pending request, one per voter', () => {
    conversionSpec.given(requested, approved, voted('a')).thenViolates('votes go only on a pending request');
    conversionSpec.given(voted('a')).thenViolates('votes go only on a pending request');
    conversionSpec.given(requested, voted('a'), voted('a', 'REJECT')).thenViolates('one vote per voter');
  });

  it('let the board decide a pending request only, and settle only an approved one', () => {
    conversionSpec.given(requested, cancelled, approved).thenViolates('the board decides only a pending request');
    const settled = {
      type: 'ConversionSettled',
      data: {
        windowId: 'w1',
        ventureId: 'v1',
        userId: 'requester',
        grantedBps: '1',
        burnedBuz: '100',
        unlockedBuz: '0',
      },
    } as const;
    conversionSpec.given(requested, settled).thenViolates('only an approved request settles');
  });

  it('record a request once, and nothing after a final status', () => {
    conversionSpec.given(requested, requested).thenViolates('a request is recorded once');
    conversionSpec.given(requested, cancelled, cancelled).thenViolates('nothing follows a final status');
    conversionSpec
      .given(requested, cancelled, { type: 'ConversionExpired', data: { reason: 'late' } })
      .thenViolates('nothing follows a final status');
    conversionSpec
      .given({ type: 'ConversionExpired', data: { reason: 'late' } })
      .thenViolates('nothing follows a final status');
  });
});
