import type { TaskTier } from '../../ventures/domain/task-accepted.events';
import type { IssuanceInputs } from './wallet.events';

/** DESIGN §5 defaults. */
export const TIER_BASE_BUZ: Readonly<Record<TaskTier, number>> = { S: 400, A: 150, B: 80, C: 50 };
/** Quality 1–5 → multiplier, in tenths so the table itself has no floats. */
export const QUALITY_MULTIPLIER_TENTHS = [6, 8, 10, 12, 14] as const;
export const MICRO_PER_POINT = 1_000_000n;

/** clamp(sqrt(avgReviewerRep / 100), 0.7, 1.1), with rep in micro-points. */
export function reviewerCred(avgRepMicro: bigint): number {
  return Math.min(1.1, Math.max(0.7, Math.sqrt(Number(avgRepMicro) / 1e8)));
}

export function averageMicro(values: readonly bigint[]): bigint {
  if (values.length === 0) return 0n;
  return values.reduce((sum, value) => sum + value, 0n) / BigInt(values.length);
}

/**
 * buz = round(tierBase × qualityMultiplier × reviewerCred): the one rounding happens last
 * (half away from zero, on a positive number), and every input goes into the event.
 */
export function issuanceFor(
  tier: TaskTier,
  quality: number,
  reviewerRepMicro: readonly bigint[],
): { buz: bigint; inputs: IssuanceInputs } {
  const tierBaseBuz = TIER_BASE_BUZ[tier];
  const multiplierTenths = QUALITY_MULTIPLIER_TENTHS[quality - 1];
  const avg = averageMicro(reviewerRepMicro);
  const cred = reviewerCred(avg);
  const exact = (tierBaseBuz * multiplierTenths * cred) / 10;
  return {
    buz: BigInt(Math.round(exact)),
    inputs: {
      tier,
      tierBaseBuz,
      quality,
      qualityMultiplier: (multiplierTenths / 10).toFixed(1),
      reviewerRepMicro: reviewerRepMicro.map(String),
      avgReviewerRepMicro: avg.toString(),
      reviewerCred: cred.toFixed(6),
      exactBuz: exact.toFixed(6),
    },
  };
}

/** Reputations at which reviewerCred reaches its floor (0.7) and its ceiling (1.1): none, and 121 points or more. */
const LEAST_CREDIBLE_REVIEWERS = [0n];
const MOST_CREDIBLE_REVIEWERS = [121n * MICRO_PER_POINT];

/** What one quality rating would pay, between the least and the most credible reviewers. */
export interface PayoutAtQuality {
  quality: number;
  minBuz: bigint;
  maxBuz: bigint;
}

/**
 * The formula's preview for a task of `tier` whose reviewers are not known yet: for each quality
 * the award with the least and with the most credible reviewers, the same issuanceFor() the
 * earning loop pays with. Before the daily cap and the payout gates (KYC, device), which may
 * withhold it.
 */
export function payoutPreview(tier: TaskTier): { tierBaseBuz: number; byQuality: PayoutAtQuality[] } {
  const byQuality = QUALITY_MULTIPLIER_TENTHS.map((_, index) => ({
    quality: index + 1,
    minBuz: issuanceFor(tier, index + 1, LEAST_CREDIBLE_REVIEWERS).buz,
    maxBuz: issuanceFor(tier, index + 1, MOST_CREDIBLE_REVIEWERS).buz,
  }));
  return { tierBaseBuz: TIER_BASE_BUZ[tier], byQuality };
}
