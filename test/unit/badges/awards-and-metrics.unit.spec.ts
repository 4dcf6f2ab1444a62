import { describe, expect, it } from 'vitest';
import {
  awardByRule,
  awardManually,
  evolveAwards,
  initialAwardsState,
  revokeBadge,
  type AwardEvent,
  type AwardsState,
} from '../../../src/badges/domain/awards';
import { SEEDED_BADGES } from '../../../src/badges/domain/badge-catalog';
import {
  emptyMetricsFold,
  foldMetricEvent,
  metricsAt,
  type MetricEvent,
} from '../../../src/badges/domain/badge-metrics';
import {
  evolveCredentialStatus,
  initialCredentialStatus,
  issueCredential,
  revokeCredential,
} from '../../../src/badges/domain/credential-status';

const given = (...events: AwardEvent[]): AwardsState => events.reduce(evolveAwards, initialAwardsState);
const awarded = (badgeCode: string): AwardEvent => ({
  type: 'BadgeAwarded',
  data: { badgeCode, day: '2026-12-01', evidence: {}, awardedBy: null, reasonId: null },
});
const manual = { code: 'HOST', name: 'Host', description: 'Hosted.', rule: { type: 'MANUAL' as const } };
// expect.objectContaining is typed `any`; to a test it is only something to compare with.
const refusal = (httpStatus: number, code: string): unknown => expect.objectContaining({ httpStatus, code });

describe('awards', () => {
  it('awards by rule once: never while held, never again after a revocation', () => {
    expect(awardByRule(given(), 'TOP_REVIEWER', { helpfulReviews: 10 }, '2026-12-07')).toEqual([
      {
        type: 'BadgeAwarded',
        data: {
          badgeCode: 'TOP_REVIEWER',
          day: '2026-12-07',
          evidence: { helpfulReviews: 10 },
          awardedBy: null,
          reasonId: null,
        },
      },
    ]);
    expect(awardByRule(given(awarded('TOP_REVIEWER')), 'TOP_REVIEWER', {}, '2026-12-08')).toEqual([]);
    const revoked: AwardEvent = {
      type: 'BadgeRevoked',
      data: { badgeCode: 'TOP_REVIEWER', revokedBy: 'admin', reasonId: 'r1' },
    };
    expect(awardByRule(given(awarded('TOP_REVIEWER'), revoked), 'TOP_REVIEWER', {}, '2026-12-08')).toEqual([]);
  });

  it('awards MANUAL badges by hand (a revoked one again), refuses rule badges (409), revokes only what is held (409)', () => {
    expect(awardManually(given(), manual, { adminId: 'a', reasonId: 'r', day: 'd' })[0].data).toMatchObject({
      badgeCode: 'HOST',
      awardedBy: 'a',
      reasonId: 'r',
    });
    expect(awardManually(given(awarded('HOST')), manual, { adminId: 'a', reasonId: 'r', day: 'd' })).toEqual([]);
    const revoked: AwardEvent = { type: 'BadgeRevoked', data: { badgeCode: 'HOST', revokedBy: 'a', reasonId: 'r' } };
    expect(
      awardManually(given(awarded('HOST'), revoked), manual, { adminId: 'a', reasonId: 'r2', day: 'd' }),
    ).toHaveLength(1);
    expect(() => awardManually(given(), SEEDED_BADGES[0], { adminId: 'a', reasonId: 'r', day: 'd' })).toThrow(
      refusal(409, 'BADGE_NOT_MANUAL'),
    );
    expect(() => revokeBadge(given(), 'HOST', { adminId: 'a', reasonId: 'r' })).toThrow(refusal(409, 'BADGE_NOT_HELD'));
    expect(() => revokeBadge(given(awarded('HOST'), revoked), 'HOST', { adminId: 'a', reasonId: 'r' })).toThrow(
      refusal(409, 'BADGE_NOT_HELD'),
    );
  });
});

describe('the status list', () => {
  it('hands out indexes in order and sets a revoked one once', () => {
    const award = {
      credentialId: 'c',
      userId: 'u',
      badgeCode: 'HOST',
      awardEventId: 'e',
      awardEventHash: 'h',
      awardedAt: 't',
    };
    const [first] = issueCredential(initialCredentialStatus, award);
    const state = evolveCredentialStatus(initialCredentialStatus, first);
    expect(first.data).toMatchObject({ statusListIndex: 0 });
    expect(issueCredential(state, { ...award, credentialId: 'c2' })[0].data).toMatchObject({ statusListIndex: 1 });
    const [revoked] = revokeCredential(state, { credentialId: 'c', statusListIndex: 0 });
    expect(revokeCredential(evolveCredentialStatus(state, revoked), { credentialId: 'c', statusListIndex: 0 })).toEqual(
      [],
    );
  });
});

describe('metrics folded from events', () => {
  const user = (id: string) => `user-${id}`;
  const at = (day: number) => new Date(Date.UTC(2026, 10, 1 + day)).toISOString();
  const fold = (events: MetricEvent[], nowDay: number) => {
    const state = emptyMetricsFold();
    for (const event of events) foldMetricEvent(state, event);
    return metricsAt(state, new Date(at(nowDay)));
  };

  it("counts only a settlement in a venture's first window as a pioneer's conversion", () => {
    const metrics = fold(
      [
        { streamId: user('m'), type: 'UserRegistered', data: { userId: 'm' }, occurredAt: at(0) },
        { streamId: 'window-w1', type: 'WindowScheduled', data: { windowId: 'w1', ventureId: 'v' }, occurredAt: at(1) },
        { streamId: 'window-w2', type: 'WindowScheduled', data: { windowId: 'w2', ventureId: 'v' }, occurredAt: at(2) },
        {
          streamId: 'conversion-c2',
          type: 'ConversionSettled',
          data: { windowId: 'w2', ventureId: 'v', userId: 'm' },
          occurredAt: at(3),
        },
      ],
      4,
    );
    expect(metrics.get('m')).toMatchObject({ conversionsSettled: 0, daysSinceJoin: 4 });
  });

  it('restarts compliant days when a device falls out of compliance, and leaves the metric out before any report', () => {
    const registered: MetricEvent = { streamId: user('m'), type: 'UserRegistered', data: {}, occurredAt: at(0) };
    expect(fold([registered], 40).get('m')).not.toHaveProperty('deviceCompliantDays');
    const posture = (day: number, compliant: boolean): MetricEvent => ({
      streamId: user('m'),
      type: 'DevicePostureReported',
      data: { deviceId: 'd', compliant },
      occurredAt: at(day),
    });
    expect(fold([registered, posture(0, true), posture(10, false), posture(12, true)], 40).get('m')).toMatchObject({
      deviceCompliantDays: 28,
    });
  });

  it('agrees with the outcome: an approval of the accepted round, a request for changes on a reworked one', () => {
    const task = 'task-t';
    const metrics = fold(
      [
        { streamId: user('r'), type: 'UserRegistered', data: {}, occurredAt: at(0) },
        { streamId: user('s'), type: 'UserRegistered', data: {}, occurredAt: at(0) },
        { streamId: task, type: 'TaskSubmitted', data: {}, occurredAt: at(1) },
        {
          streamId: task,
          type: 'TaskReviewed',
          data: { reviewerId: 'r', verdict: 'REQUEST_CHANGES' },
          occurredAt: at(1),
        },
        { streamId: task, type: 'TaskReviewed', data: { reviewerId: 's', verdict: 'APPROVE' }, occurredAt: at(1) },
        { streamId: task, type: 'TaskSubmitted', data: {}, occurredAt: at(2) },
        { streamId: task, type: 'TaskReviewed', data: { reviewerId: 'r', verdict: 'APPROVE' }, occurredAt: at(2) },
        {
          streamId: task,
          type: 'TaskAccepted',
          data: { assigneeId: 'x', quality: 4, helpfulReviewerIds: ['r'] },
          occurredAt: at(2),
        },
      ],
      3,
    );
    expect(metrics.get('r')).toMatchObject({ reviewAgreementPct: 100, helpfulReviews: 1 });
    expect(metrics.get('s')).toMatchObject({ reviewAgreementPct: 0, helpfulReviews: 0 });
    expect(metrics.get('r')).not.toHaveProperty('avgQuality');
  });
});
