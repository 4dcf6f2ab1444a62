/**
 * Settlement arithmetic (DESIGN §5), in integers only. A request of `amountBuz` at
 * `equityRateBps` (bp per 10,000 BUZ) wants floor(amount × rate / 10,000) bp. When the approved
 * requests want more than the pool, each gets floor(wanted × pool / totalWanted), so the grants
 * never add up to more than the pool. Only the BUZ that bought whole bp is burned —
 * ceil(granted × 10,000 / rate) — and the rest unlocks: locked = burned + unlocked, exactly.
 */
const BUZ_PER_RATE_UNIT = 10_000n;

export interface SettlementRequest {
  conversionId: string;
  userId: string;
  amountBuz: bigint;
}

export interface Allocation extends SettlementRequest {
  wantedBps: bigint;
  grantedBps: bigint;
  burnedBuz: bigint;
  unlockedBuz: bigint;
}

export function wantedBps(amountBuz: bigint, rateBps: bigint): bigint {
  return (amountBuz * rateBps) / BUZ_PER_RATE_UNIT;
}

export function burnFor(grantedBps: bigint, rateBps: bigint): bigint {
  const cost = grantedBps * BUZ_PER_RATE_UNIT;
  return (cost + rateBps - 1n) / rateBps;
}

export function allocate(
  requests: readonly SettlementRequest[],
  rateBps: bigint,
  poolCapBps: bigint | null,
): { allocations: Allocation[]; totalGrantedBps: bigint; oversubscribed: boolean } {
  if (rateBps <= 0n) throw new RangeError('equityRateBps must be positive');
  const wanted = requests.map((request) => wantedBps(request.amountBuz, rateBps));
  const totalWanted = wanted.reduce((sum, value) => sum + value, 0n);
  const oversubscribed = poolCapBps !== null && totalWanted > poolCapBps;
  const allocations = requests.map((request, index) => {
    const grantedBps = oversubscribed ? (wanted[index] * poolCapBps) / totalWanted : wanted[index];
    const burnedBuz = burnFor(grantedBps, rateBps);
    return { ...request, wantedBps: wanted[index], grantedBps, burnedBuz, unlockedBuz: request.amountBuz - burnedBuz };
  });
  return {
    allocations,
    totalGrantedBps: allocations.reduce((sum, allocation) => sum + allocation.grantedBps, 0n),
    oversubscribed,
  };
}

/** A live preview for the member's widget: the bp N BUZ buys, the BUZ burned and unlocked. */
export function previewConversion(amountBuz: bigint, rateBps: bigint) {
  const [allocation] = allocate([{ conversionId: 'preview', userId: 'preview', amountBuz }], rateBps, null).allocations;
  return { grantedBps: allocation.grantedBps, burnedBuz: allocation.burnedBuz, unlockedBuz: allocation.unlockedBuz };
}
