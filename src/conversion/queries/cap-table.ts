import { VENTURE_TOTAL_BPS } from '../../ventures/ventures.contract';

/**
 * A venture's cap table from its founders' allocation and the grants its conversions settled.
 * Pure and in whole basis points (bigint): 10,000 bp is the whole venture. Two views:
 * - issued: each holder's share of what has been issued (founders + grants), summing to 100 %;
 * - fully diluted: each holder's share of the whole venture, with the unallocated pool as a row,
 *   summing to 10,000 bp.
 * Shares are basis points of the view's total, rounded by largest remainder so they add up exactly.
 */

export interface FounderLine {
  userId: string;
  bps: string;
}

export interface GrantLine {
  holderId: string;
  bps: string;
}

export interface CapTableRow {
  kind: 'holder' | 'pool';
  /** null for the pool row. */
  holderId: string | null;
  foundedBps: bigint;
  grantedBps: bigint;
  /** foundedBps + grantedBps; for the pool, what is not allocated. */
  bps: bigint;
  /** Share of the issued total in bp (10,000 = 100 %); null for the pool, which is not issued. */
  issuedShareBps: bigint | null;
  /** Share of the fully diluted total in bp. */
  fullyDilutedShareBps: bigint;
}

export interface CapTableView {
  issuedBps: bigint;
  unallocatedBps: bigint;
  /** The whole venture, or what was issued if grants ever went beyond it (then the pool is 0). */
  fullyDilutedBps: bigint;
  /** Holders, largest first (ties by id), then the pool row when something is unallocated. */
  rows: CapTableRow[];
}

export function capTableView(founders: readonly FounderLine[], grants: readonly GrantLine[]): CapTableView {
  const holdings = new Map<string, { foundedBps: bigint; grantedBps: bigint }>();
  const holding = (holderId: string) => {
    const found = holdings.get(holderId) ?? { foundedBps: 0n, grantedBps: 0n };
    holdings.set(holderId, found);
    return found;
  };
  for (const founder of founders) holding(founder.userId).foundedBps += BigInt(founder.bps);
  for (const grant of grants) holding(grant.holderId).grantedBps += BigInt(grant.bps);

  const holders = [...holdings.entries()]
    .map(([holderId, { foundedBps, grantedBps }]) => ({
      holderId,
      foundedBps,
      grantedBps,
      bps: foundedBps + grantedBps,
    }))
    .sort((a, b) => (a.bps === b.bps ? a.holderId.localeCompare(b.holderId) : a.bps > b.bps ? -1 : 1));
  const issuedBps = holders.reduce((sum, holder) => sum + holder.bps, 0n);
  const unallocatedBps = issuedBps < VENTURE_TOTAL_BPS ? VENTURE_TOTAL_BPS - issuedBps : 0n;
  const fullyDilutedBps = issuedBps + unallocatedBps;

  const issuedShares = sharesOf(
    holders.map((holder) => holder.bps),
    issuedBps,
  );
  const dilutedShares = sharesOf([...holders.map((holder) => holder.bps), unallocatedBps], fullyDilutedBps);
  const rows: CapTableRow[] = holders.map((holder, index) => ({
    kind: 'holder',
    ...holder,
    issuedShareBps: issuedShares[index],
    fullyDilutedShareBps: dilutedShares[index],
  }));
  if (unallocatedBps > 0n)
    rows.push({
      kind: 'pool',
      holderId: null,
      foundedBps: 0n,
      grantedBps: 0n,
      bps: unallocatedBps,
      issuedShareBps: null,
      fullyDilutedShareBps: dilutedShares[holders.length],
    });
  return { issuedBps, unallocatedBps, fullyDilutedBps, rows };
}

/**
 * Each part's share of `total` in bp, by largest remainder: floors first, then the bp left over
 * go one each to the largest remainders (earlier parts first on a tie), so the shares sum to
 * exactly 10,000 whenever total > 0.
 */
export function sharesOf(parts: readonly bigint[], total: bigint): bigint[] {
  if (total === 0n) return parts.map(() => 0n);
  const exact = parts.map((part) => part * VENTURE_TOTAL_BPS);
  const shares = exact.map((value) => value / total);
  let leftover = VENTURE_TOTAL_BPS - shares.reduce((sum, share) => sum + share, 0n);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value % total }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    shares[index] += 1n;
    leftover -= 1n;
  }
  return shares;
}
