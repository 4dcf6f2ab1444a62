import { describe, expect, it } from 'vitest';
import { issuanceFor, reviewerCred } from '../../../src/wallet/domain/issuance-formula.contract';
import type { TaskTier } from '../../../src/ventures/domain/task-accepted.events';

const points = (value: number) => BigInt(Math.round(value * 1_000_000));

describe('issuance formula: round(tierBase × qualityMultiplier × reviewerCred)', () => {
  // Hand-computed with reviewerCred = 1 (reviewers at rep 100): tierBase × {0.6, 0.8, 1.0, 1.2, 1.4}.
  const table: [TaskTier, number[]][] = [
    ['S', [240, 320, 400, 480, 560]],
    ['A', [90, 120, 150, 180, 210]],
    ['B', [48, 64, 80, 96, 112]],
    ['C', [30, 40, 50, 60, 70]],
  ];
  for (const [tier, expected] of table) {
    it.each(expected.map((buz, index) => [index + 1, buz]))(`tier ${tier}, quality %i → %i BUZ`, (quality, buz) => {
      expect(issuanceFor(tier, quality, [points(100)]).buz).toBe(BigInt(buz));
    });
  }

  it('reproduces the worked example: A, quality 4, reviewers at 64 and 100 → 163', () => {
    const { buz, inputs } = issuanceFor('A', 4, [points(64), points(100)]);
    expect(buz).toBe(163n);
    expect(inputs).toMatchObject({
      tierBaseBuz: 150,
      qualityMultiplier: '1.2',
      avgReviewerRepMicro: '82000000',
      reviewerCred: '0.905539',
      exactBuz: '162.996932',
    });
  });

  it.each([
    ['no reputation at all', 0, 0.7, 105n],
    ['just below the lower clamp (rep 48)', 48, 0.7, 105n],
    ['exactly at the lower clamp (rep 49)', 49, 0.7, 105n],
    ['inside the range (rep 81)', 81, 0.9, 135n],
    ['exactly at the upper clamp (rep 121)', 121, 1.1, 165n],
    ['far above it (rep 400)', 400, 1.1, 165n],
  ])('clamps reviewerCred with %s', (_, rep, cred, buz) => {
    expect(reviewerCred(points(rep))).toBeCloseTo(cred, 12);
    expect(issuanceFor('A', 3, [points(rep)]).buz).toBe(buz);
  });

  it('rounds once, at the end: B, quality 1, cred 0.7 → 33.6 → 34', () => {
    expect(issuanceFor('B', 1, [0n]).buz).toBe(34n);
  });
});
