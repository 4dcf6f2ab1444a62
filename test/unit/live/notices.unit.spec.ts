import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/shared-kernel/json';
import type { RecordedEvent } from '../../../src/platform/event-store/event-store.port';
import { comparePositions } from '../../../src/platform/event-store/feed-position';
import { feedNoticeOf } from '../../../src/live/notices';
import { metadata } from '../../support/events';

const readModels: Record<string, string> = {
  BuzIssued: 'wallets',
  ConversionVoteCast: 'conversions',
  RoleGranted: 'identity_users',
};
const readModelOf = (type: string) => readModels[type] ?? null;

function recorded(streamId: string, type: string, data: JsonObject = {}): RecordedEvent {
  return {
    streamId,
    revision: 0n,
    eventId: randomUUID(),
    type,
    data,
    metadata: metadata(),
    dataText: '{}',
    metadataText: '{}',
    position: '7:3',
    prevHash: '',
    hash: '',
  };
}

describe('feedNoticeOf: which notice an event gives, and to whom', () => {
  const userId = randomUUID();

  it('tells only the owner about their wallet, once the wallets projection applied it', () => {
    expect(feedNoticeOf(recorded(`wallet-${userId}`, 'BuzIssued'), readModelOf)).toEqual({
      topic: 'wallet',
      ids: [userId],
      position: '7:3',
      readModel: 'wallets',
      audience: { userIds: [userId], roles: [], everyone: false },
    });
  });

  it('tells every member about a task, naming its venture when the event does', () => {
    const ventureId = randomUUID();
    const posted = feedNoticeOf(recorded('task-t1', 'TaskPosted', { ventureId }), readModelOf);
    expect(posted).toMatchObject({
      topic: 'task',
      ids: ['t1', ventureId],
      audience: { roles: ['member'], everyone: false },
    });
    expect(feedNoticeOf(recorded('task-t1', 'TaskClaimed', { assigneeId: userId }), readModelOf)?.ids).toEqual(['t1']);
  });

  it('tells the board about a vote, and leaves the requester to be looked up', () => {
    const notice = feedNoticeOf(
      recorded('conversion-c1', 'ConversionVoteCast', { voterId: userId, vote: 'APPROVE', note: '' }),
      readModelOf,
    );
    expect(notice).toMatchObject({
      topic: 'conversion',
      audience: { userIds: [], roles: ['board'] },
      requesterOf: 'c1',
      readModel: 'conversions',
    });
  });

  it('tells the requester and the board about a request, which names the requester', () => {
    const windowId = randomUUID();
    const notice = feedNoticeOf(
      recorded('conversion-c1', 'ConversionRequested', { conversionId: 'c1', windowId, userId, amountBuz: '10' }),
      readModelOf,
    );
    expect(notice).toMatchObject({ ids: ['c1', windowId], audience: { userIds: [userId], roles: ['board'] } });
    expect(notice?.requesterOf).toBeUndefined();
  });

  it('tells compliance and admins about an endorsement ring, flagged or reviewed', () => {
    const flagId = randomUUID();
    expect(feedNoticeOf(recorded(`endorsementRing-${flagId}`, 'EndorsementRingReviewed'), readModelOf)).toMatchObject({
      topic: 'ring',
      ids: [flagId],
      audience: { userIds: [], roles: ['compliance', 'admin'], everyone: false },
    });
  });

  it('tells everyone about a window', () => {
    expect(feedNoticeOf(recorded('window-w1', 'WindowOpened', { at: '' }), readModelOf)?.audience.everyone).toBe(true);
  });

  it("makes a role change end the user's streams, and says nothing about failed sign-ins", () => {
    const granted = feedNoticeOf(
      recorded(`user-${userId}`, 'RoleGranted', { role: 'board', grantedBy: null }),
      readModelOf,
    );
    expect(granted).toMatchObject({
      topic: 'account',
      reauthenticates: userId,
      audience: { userIds: [userId], roles: ['admin', 'compliance'] },
    });
    expect(
      feedNoticeOf(recorded(`user-${userId}`, 'KycSubmitted', { submissionId: 's' }), readModelOf)?.reauthenticates,
    ).toBeUndefined();
    expect(feedNoticeOf(recorded(`user-${userId}`, 'LoginFailed', { reason: 'BAD_PASSWORD' }), readModelOf)).toBeNull();
  });

  it('gives no notice for streams no page shows', () => {
    expect(feedNoticeOf(recorded('ledger-checkpoints', 'CheckpointSigned'), readModelOf)).toBeNull();
  });
});

describe('comparePositions', () => {
  it('orders by the first number, then the second, numerically; the start of the feed first', () => {
    const sorted = ['10:1', '9:20', '9:3', null, '18446744073709551615:0'].sort(comparePositions);
    expect(sorted).toEqual([null, '9:3', '9:20', '10:1', '18446744073709551615:0']);
  });
});
