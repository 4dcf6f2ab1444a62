import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, burnFor, wantedBps } from '../../../src/conversion/domain/settlement';

const request = (amountBuz: bigint, index = 0) => ({ conversionId: `c${index}`, userId: `u${index}`, amountBuz });

describe('settlement rounding', () => {
  // amount, rate (bp per 10,000 BUZ) → granted bp, burned BUZ, unlocked BUZ; computed by hand.
  const table: [bigint, bigint, bigint, bigint, bigint][] = [
    [10_000n, 100n, 100n, 10_000n, 0n],
    [10_050n, 100n, 100n, 10_000n, 50n],
    [99n, 100n, 0n, 0n, 99n],
    [100n, 100n, 1n, 100n, 0n],
    [5_000n, 3n, 1n, 3_334n, 1_666n],
    [10_000n, 3n, 3n, 10_000n, 0n],
    [6_667n, 3n, 2n, 6_667n, 0n],
    [6_666n, 3n, 1n, 3_334n, 3_332n],
    [1n, 10_000n, 1n, 1n, 0n],
    [123_457n, 7n, 86n, 122_858n, 599n],
  ];

  it.each(table)('%i BUZ at %i bp/10k → %i bp, burns %i, unlocks %i', (amount, rate, granted, burned, unlocked) => {
    const [allocation] = allocate([request(amount)], rate, null).allocations;
    expect(allocation).toMatchObject({ grantedBps: granted, burnedBuz: burned, unlockedBuz: unlocked });
    expect(allocation.burnedBuz + allocation.unlockedBuz).toBe(amount);
  });

  it('keeps locked = burned + unlocked and never burns more than was locked, for any amount and rate', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 100_000n }), (amount, rate) => {
        const [allocation] = allocate([request(amount)], rate, null).allocations;
        expect(allocation.burnedBuz + allocation.unlockedBuz).toBe(amount);
        expect(allocation.burnedBuz).toBeLessThanOrEqual(amount);
        expect(allocation.unlockedBuz).toBeGreaterThanOrEqual(0n);
        // The burned BUZ buys exactly the granted bp, and one BUZ less would not.
        expect(wantedBps(allocation.burnedBuz, rate)).toBe(allocation.grantedBps);
        if (allocation.burnedBuz > 0n)
          expect(wantedBps(allocation.burnedBuz - 1n, rate)).toBeLessThan(allocation.grantedBps);
      }),
    );
  });
});

describe('an oversubscribed pool', () => {
  it('scales grants pro rata so they never exceed the pool, and loses no BUZ', () => {
    const result = allocate([request(30_000n, 1), request(50_000n, 2), request(20_000n, 3)], 100n, 500n);
    expect(result.oversubscribed).toBe(true);
    // Wanted 300 + 500 + 200 = 1,000 bp against a pool of 500.
    expect(result.allocations.map((allocation) => allocation.grantedBps)).toEqual([150n, 250n, 100n]);
    expect(result.totalGrantedBps).toBe(500n);
    expect(result.allocations.map((allocation) => allocation.unlockedBuz)).toEqual([15_000n, 25_000n, 10_000n]);
  });

  it('holds for any set of requests, rate and pool', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }),
        fc.bigInt({ min: 1n, max: 50_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        (amounts, rate, pool) => {
          const result = allocate(
            amounts.map((amount, index) => request(amount, index)),
            rate,
            pool,
          );
          expect(result.totalGrantedBps).toBeLessThanOrEqual(result.oversubscribed ? pool : result.totalGrantedBps);
          if (result.oversubscribed) expect(result.totalGrantedBps).toBeLessThanOrEqual(pool);
          result.allocations.forEach((allocation, index) => {
            expect(allocation.burnedBuz + allocation.unlockedBuz).toBe(amounts[index]);
            expect(allocation.grantedBps).toBeLessThanOrEqual(allocation.wantedBps);
            expect(allocation.burnedBuz).toBe(burnFor(allocation.grantedBps, rate));
          });
        },
      ),
    );
  });
});
