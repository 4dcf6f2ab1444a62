import { describe, expect, it } from 'vitest';
import { capTableView, sharesOf } from '../../../src/conversion/queries/cap-table';

const sum = (values: readonly bigint[]) => values.reduce((total, value) => total + value, 0n);

describe('the cap table view', () => {
  it("adds a holder's founding and granted bp, puts the largest first and the pool last", () => {
    const view = capTableView(
      [
        { userId: 'a', bps: '5000' },
        { userId: 'b', bps: '1000' },
      ],
      [
        { holderId: 'b', bps: '250' },
        { holderId: 'c', bps: '21' },
        { holderId: 'c', bps: '1' },
      ],
    );
    expect(view).toMatchObject({ issuedBps: 6272n, unallocatedBps: 3728n, fullyDilutedBps: 10_000n });
    expect(view.rows.map((row) => [row.kind, row.holderId, row.foundedBps, row.grantedBps, row.bps])).toEqual([
      ['holder', 'a', 5000n, 0n, 5000n],
      ['holder', 'b', 1000n, 250n, 1250n],
      ['holder', 'c', 0n, 22n, 22n],
      ['pool', null, 0n, 0n, 3728n],
    ]);
    expect(sum(view.rows.map((row) => row.fullyDilutedShareBps))).toBe(10_000n);
    expect(sum(view.rows.flatMap((row) => (row.issuedShareBps === null ? [] : [row.issuedShareBps])))).toBe(10_000n);
  });

  it('has no pool when grants ever went beyond the whole venture, and shares the larger total', () => {
    const view = capTableView([{ userId: 'a', bps: '10000' }], [{ holderId: 'b', bps: '500' }]);
    expect(view).toMatchObject({ issuedBps: 10_500n, unallocatedBps: 0n, fullyDilutedBps: 10_500n });
    expect(view.rows.map((row) => row.fullyDilutedShareBps)).toEqual([9524n, 476n]);
  });

  it('rounds by largest remainder so three equal thirds still add up (3334, 3333, 3333)', () => {
    expect(sharesOf([1n, 1n, 1n], 3n)).toEqual([3334n, 3333n, 3333n]);
    expect(sharesOf([], 0n)).toEqual([]);
  });
});
