import { describe, expect, it } from 'vitest';
import { awardXp, settleReputation } from '../../../src/progress/domain/member.decide';
import { evolveMember, initialMemberState, type MemberState } from '../../../src/progress/domain/member.state';
import { levelFor, reviewXp, settleRepMicro, taskXp, trustWeight } from '../../../src/progress/domain/progress.formulas';
import type { MemberEvent } from '../../../src/progress/domain/member.events';

const xpOnly = (xp: number) => ({ xp, endorsementsWeightedMilli: 0, badges: 0 });
const given = (...events: MemberEvent[]): MemberState => events.reduce(evolveMember, initialMemberState);

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
    [0, 1], [99, 1], [100, 2], [249, 2], [250, 3], [899, 4], [900, 5], [1400, 6], [2000, 7], [2700, 8], [3500, 9], [4399, 9], [4400, 10], [99_999, 10],
  ])('%i XP is level %i', (xp, level) => {
    expect(levelFor(xp)).toBe(level);
  });

  it('given 90 XP, when 200 more are awarded, then XpAwarded and one LevelReached per crossed threshold', () => {
    const state = given({ type: 'XpAwarded', data: { source: 'task', ref: 't0', xp: 90, day: '2026-11-23' } });
    expect(awardXp(state, { source: 'task', ref: 't1', xp: 200, day: '2026-11-24' })).toEqual([
      { type: 'XpAwarded', data: { source: 'task', ref: 't1', xp: 200, day: '2026-11-24' } },
      { type: 'LevelReached', data: { level: 2, xp: 290 } },
      { type: 'LevelReached', data: { level: 3, xp: 290 } },
    ]);
  });
});

describe('daily reputation settlement', () => {
  it('given XP on a day, settles 0.995 × rep + min(50, xp / 10), once per day', () => {
    const state = given(
      { type: 'ReputationSettled', data: { day: '2026-11-22', previousRepMicro: '0', repMicro: '80000000', xpGain: 0, gainMicro: '0' } },
      { type: 'XpAwarded', data: { source: 'task', ref: 't', xp: 109, day: '2026-11-23' } },
    );
    const [settled] = settleReputation(state, '2026-11-23');
    expect(settled).toEqual({ type: 'ReputationSettled', data: { day: '2026-11-23', previousRepMicro: '80000000', repMicro: '90500000', xpGain: 109, gainMicro: '10900000', endorsementsWeightedMilli: 0, badges: 0 } });
    expect(settleReputation(evolveMember(state, settled), '2026-11-23')).toEqual([]);
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
