import { describe, expect, it } from 'vitest';
import { decideMember } from '../../../src/progress/domain/member.decide';
import type { MemberEvent } from '../../../src/progress/domain/member.events';
import { evolveMember, initialMemberState, type MemberState } from '../../../src/progress/domain/member.state';
import { endorsementXp, settleRepMicro, trustWeightMilli } from '../../../src/progress/domain/progress.formulas';

const given = (...events: MemberEvent[]): MemberState => events.reduce(evolveMember, initialMemberState);
const then = (state: MemberState, events: MemberEvent[]): MemberState => events.reduce(evolveMember, state);
const DAY = '2026-12-01';
const creditEndorsement = (state: MemberState, credit: { endorsementId: string; day: string; weightMilli: number }) =>
  decideMember({ type: 'CreditEndorsement', ...credit }, state);
const awardBadgeXp = (state: MemberState, badge: { badgeCode: string; day: string }) =>
  decideMember({ type: 'AwardBadgeXp', ...badge }, state);
const settleReputation = (state: MemberState, day: string) => decideMember({ type: 'SettleReputation', day }, state);

/** The issue's closed form, in floating point: rep' = 0.995 × rep + min(50, xp/10 + weighted/5 + badges × 20). */
const closedForm = (rep: number, xp: number, weighted: number, badges: number) =>
  0.995 * rep + Math.min(50, xp / 10 + weighted / 5 + badges * 20);

describe('endorsement weight and XP', () => {
  it.each([
    [0n, 200, 0],
    [20_000_000n, 200, 0],
    [50_000_000n, 500, 1],
    [100_000_000n, 1000, 2],
    [175_500_000n, 1755, 4],
    [300_000_000n, 2000, 4],
  ])('an endorser with rep %i micro-points weighs %i milli and gives %i XP', (repMicro, weightMilli, xp) => {
    expect(trustWeightMilli(repMicro)).toBe(weightMilli);
    expect(endorsementXp(weightMilli)).toBe(xp);
  });

  it('given 18 XP from endorsements today, when a 2.0-weight endorsement arrives, then it is credited in full weight but only 2 XP', () => {
    const state = given({ type: 'XpAwarded', data: { source: 'endorsement', ref: 'e0', xp: 18, day: DAY } });
    expect(creditEndorsement(state, { endorsementId: 'e1', day: DAY, weightMilli: 2000 })).toEqual([
      { type: 'EndorsementCredited', data: { endorsementId: 'e1', day: DAY, weightMilli: 2000, xp: 2 } },
      { type: 'XpAwarded', data: { source: 'endorsement', ref: 'e1', xp: 2, day: DAY } },
    ]);
  });

  it('given the 20 XP used up today, when another arrives, then no XP but its weight counts; the next day has a fresh cap', () => {
    const state = given({ type: 'XpAwarded', data: { source: 'endorsement', ref: 'e0', xp: 20, day: DAY } });
    expect(creditEndorsement(state, { endorsementId: 'e1', day: DAY, weightMilli: 1000 })).toEqual([
      { type: 'EndorsementCredited', data: { endorsementId: 'e1', day: DAY, weightMilli: 1000, xp: 0 } },
    ]);
    expect(
      creditEndorsement(state, { endorsementId: 'e2', day: '2026-12-02', weightMilli: 1000 })[0].data,
    ).toMatchObject({ xp: 2 });
  });

  it('caps at 20 XP however many strong endorsements arrive in a day', () => {
    let state = initialMemberState;
    for (let index = 0; index < 8; index += 1)
      state = then(state, creditEndorsement(state, { endorsementId: `e${index}`, day: DAY, weightMilli: 2000 }));
    expect(state.xp).toBe(20);
    expect(state.unsettledByDay[DAY]).toEqual({ xp: 20, endorsementsWeightedMilli: 16_000, badges: 0 });
  });
});

describe('reputation with endorsements and badges, against the closed form', () => {
  it.each([
    // rep, xp, weighted (milli), badges
    [0, 0, 0, 0],
    [80, 109, 0, 0],
    [80, 40, 1500, 0],
    [100, 0, 2000, 1],
    [37.5, 12, 700, 1],
    [200, 300, 10_000, 2],
    [10, 0, 0, 3],
  ])('rep %f with %i XP, %i milli of endorsement weight and %i badges', (rep, xp, weightedMilli, badges) => {
    const repMicro = BigInt(Math.round(rep * 1e6));
    const settled = settleRepMicro(repMicro, { xp, endorsementsWeightedMilli: weightedMilli, badges });
    // Exact but for the one rounding down of the decay (at most 1 micro-point).
    expect(
      Math.abs(Number(settled.repMicro) / 1e6 - closedForm(rep, xp, weightedMilli / 1000, badges)),
    ).toBeLessThanOrEqual(1e-6);
  });

  it('given a day with XP, two endorsements and a badge, the settlement folds them all in once', () => {
    let state = given({
      type: 'ReputationSettled',
      data: { day: '2026-11-30', previousRepMicro: '0', repMicro: '40000000', xpGain: 0, gainMicro: '0' },
    });
    state = then(state, [{ type: 'XpAwarded', data: { source: 'task', ref: 't1', xp: 60, day: DAY } }]);
    state = then(state, creditEndorsement(state, { endorsementId: 'e1', day: DAY, weightMilli: 1500 }));
    state = then(state, creditEndorsement(state, { endorsementId: 'e2', day: DAY, weightMilli: 500 }));
    state = then(state, awardBadgeXp(state, { badgeCode: 'BUG_HUNTER_BRONZE', day: DAY }));
    const [settled] = settleReputation(state, DAY);
    // xp = 60 + 3 + 1 + 50 = 114 → 11.4; weighted 2.0 / 5 = 0.4; one badge = 20 → gain 31.8.
    expect(settled.data).toMatchObject({
      xpGain: 114,
      endorsementsWeightedMilli: 2000,
      badges: 1,
      gainMicro: '31800000',
    });
    expect(Number((settled.data as { repMicro: string }).repMicro) / 1e6).toBeCloseTo(closedForm(40, 114, 2, 1), 6);
    expect(settleReputation(then(state, [settled]), DAY)).toEqual([]);
  });

  it('caps the whole day at 50 points: three badges alone reach it', () => {
    expect(settleRepMicro(0n, { xp: 0, endorsementsWeightedMilli: 0, badges: 3 })).toEqual({
      repMicro: 50_000_000n,
      gainMicro: 50_000_000n,
    });
  });

  it('over 30 days of one badge and 1.0 of endorsement weight a day, stays within 0.03 points of the closed form', () => {
    let repMicro = 0n;
    let rep = 0;
    for (let day = 0; day < 30; day += 1) {
      repMicro = settleRepMicro(repMicro, { xp: 10, endorsementsWeightedMilli: 1000, badges: 1 }).repMicro;
      rep = closedForm(rep, 10, 1, 1);
    }
    expect(Math.abs(Number(repMicro) / 1e6 - rep)).toBeLessThan(0.00003);
  });
});
