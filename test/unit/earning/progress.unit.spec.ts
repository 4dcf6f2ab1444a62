import { describe, expect, it } from 'vitest';
import { decideMember } from '../../../src/progress/domain/member.decide';
import { memberDecider } from '../../../src/progress/domain/member.state';
import {
  levelFor,
  reviewXp,
  settleRepMicro,
  taskXp,
  trustWeight,
} from '../../../src/progress/domain/progress.formulas';
import type { MemberEvent } from '../../../src/progress/domain/member.events';
import { deciderSpec } from '../../support/decider-spec';

const xpOnly = (xp: number) => ({ xp, endorsementsWeightedMilli: 0, badges: 0 });
const member = deciderSpec({ ...memberDecider, decide: decideMember });
const xpAwarded = (xp: number, day: string, ref = 't0'): MemberEvent => ({
  type: 'XpAwarded',
  data: { source: 'task', ref, xp, day },
});
const settledAt = (
  day: string,
  repMicro: string,
  previousRepMicro = '0',
  xpGain = 0,
  gainMicro = '0',
): MemberEvent => ({
  type: 'ReputationSettled',
  data: { day, previousRepMicro, repMicro, xpGain, gainMicro, endorsementsWeightedMilli: 0, badges: 0 },
});

describe('XP and levels', () => {
  it('computes task XP as baseXp × qualityMultiplier × reviewerCred, rounded once', () => {
    expect(taskXp('A', 4, 0.9055385138137417)).toBe(109);
    expect(taskXp('S', 5, 1.1)).toBe(308);
    expect(taskXp('C', 1, 0.7)).toBe(11);
  });

  it('weights review XP by trust, clamped to 0.2–2.0', () => {
    expect([0, 50, 100, 300].map((rep) => trustWeight(BigInt(rep) * 1_000_000n))).toEqual([0.2, 0.5, 1, 2]);
    expect(reviewXp(100_000_000n)).toBe(5);
    expect(reviewXp(0n)).toBe(1);
  });

  it.each([
    [0, 1],
    [99, 1],
    [100, 2],
    [249, 2],
    [250, 3],
    [899, 4],
    [900, 5],
    [1400, 6],
    [2000, 7],
    [2700, 8],
    [3500, 9],
    [4399, 9],
    [4400, 10],
    [99_999, 10],
  ])('%i XP is level %i', (xp, level) => {
    expect(levelFor(xp)).toBe(level);
  });

  it('given 90 XP, when 200 more are awarded, then XpAwarded and one LevelReached per crossed threshold', () => {
    member
      .given(xpAwarded(90, '2026-11-23'))
      .when({
        type: 'AwardTaskXp',
        ref: 't1',
        day: '2026-11-24',
        tier: 'S',
        quality: 3,
        reviewerRepMicro: [100_000_000n],
      })
      .then(
        xpAwarded(200, '2026-11-24', 't1'),
        { type: 'LevelReached', data: { level: 2, xp: 290 } },
        { type: 'LevelReached', data: { level: 3, xp: 290 } },
      );
  });

  it("prices task XP with the reviewers' average reputation, and review XP with the reviewer's own", () => {
    member
      .given()
      .when({
        type: 'AwardTaskXp',
        ref: 't1',
        day: '2026-11-24',
        tier: 'A',
        quality: 4,
        reviewerRepMicro: [64_000_000n, 100_000_000n],
      })
      .then(xpAwarded(109, '2026-11-24', 't1'), {
        type: 'LevelReached',
        data: { level: 2, xp: 109 },
      });
    member
      .given()
      .when({ type: 'AwardReviewXp', ref: 't1', day: '2026-11-24', reviewerRepMicro: 300_000_000n })
      .then({ type: 'XpAwarded', data: { source: 'review', ref: 't1', xp: 10, day: '2026-11-24' } });
  });
});

describe('daily reputation settlement', () => {
  it('given XP on a day, settles 0.995 × rep + min(50, xp / 10), once per day', () => {
    const history = [settledAt('2026-11-22', '80000000'), xpAwarded(109, '2026-11-23')];
    const settled = settledAt('2026-11-23', '90500000', '80000000', 109, '10900000');
    member
      .given(...history)
      .when({ type: 'SettleReputation', day: '2026-11-23' })
      .then(settled);
    member
      .given(...history, settled)
      .when({ type: 'SettleReputation', day: '2026-11-23' })
      .thenNothingHappened();
    member
      .given(...history, settled)
      .when({ type: 'SettleReputation', day: '2026-11-20' })
      .thenNothingHappened();
  });

  it('counts XP that arrived late for a day already settled in the next settlement', () => {
    member
      .given(settledAt('2026-11-22', '0'), xpAwarded(100, '2026-11-21'), xpAwarded(50, '2026-11-23'))
      .when({ type: 'SettleReputation', day: '2026-11-23' })
      .then(settledAt('2026-11-23', '15000000', '0', 150, '15000000'));
  });

  it('caps the daily gain at 50 points', () => {
    expect(settleRepMicro(0n, xpOnly(10_000))).toEqual({ repMicro: 50_000_000n, gainMicro: 50_000_000n });
  });

  it('decays for 400 days within 1 milli-point of rep0 × 0.995^n, and never stalls', () => {
    let rep = 100_000_000n;
    for (let day = 1; day <= 400; day += 1) {
      const next = settleRepMicro(rep, xpOnly(0)).repMicro;
      expect(next).toBeLessThan(rep);
      rep = next;
      expect(Math.abs(Number(rep) - 1e8 * 0.995 ** day)).toBeLessThanOrEqual(1000);
    }
    let small = 150n;
    for (let day = 0; day < 2000 && small > 0n; day += 1) {
      const next = settleRepMicro(small, xpOnly(0)).repMicro;
      expect(next).toBeLessThan(small);
      small = next;
    }
    expect(small).toBe(0n);
  });
});

describe('the member invariants', () => {
  it('award XP only in positive amounts, raise levels only upwards, and keep reputation ≥ 0', () => {
    member.given(xpAwarded(0, '2026-11-23')).thenViolates('XP is awarded in positive amounts');
    member
      .given(
        xpAwarded(300, '2026-11-23'),
        { type: 'LevelReached', data: { level: 2, xp: 300 } },
        { type: 'LevelReached', data: { level: 2, xp: 300 } },
      )
      .thenViolates('levels only go up');
    member.given({ type: 'LevelReached', data: { level: 1, xp: 0 } }).thenViolates('levels only go up');
    member.given(settledAt('2026-11-22', '-1')).thenViolates('reputation ≥ 0');
  });
});
