import type { TaskTier } from '../../ventures/domain/task-accepted.events';
import { QUALITY_MULTIPLIER_TENTHS } from '../../wallet/domain/issuance-formula.contract';

/** DESIGN §5 defaults. */
export const BASE_XP: Readonly<Record<TaskTier, number>> = { S: 200, A: 100, B: 50, C: 25 };
export const REVIEW_XP = 5;
/** XP needed for levels 1…10. */
export const LEVEL_THRESHOLDS_XP = [0, 100, 250, 500, 900, 1400, 2000, 2700, 3500, 4400] as const;

/** baseXp(tier) × qualityMultiplier × reviewerCred, rounded once. */
export function taskXp(tier: TaskTier, quality: number, reviewerCred: number): number {
  return Math.round((BASE_XP[tier] * QUALITY_MULTIPLIER_TENTHS[quality - 1] * reviewerCred) / 10);
}

/** clamp(rep / 100, 0.2, 2.0) with rep in micro-points. */
export function trustWeight(repMicro: bigint): number {
  return Math.min(2, Math.max(0.2, Number(repMicro) / 1e8));
}

export function reviewXp(reviewerRepMicro: bigint): number {
  return Math.round(REVIEW_XP * trustWeight(reviewerRepMicro));
}

export function levelFor(xp: number): number {
  let level = 1;
  LEVEL_THRESHOLDS_XP.forEach((threshold, index) => {
    if (xp >= threshold) level = index + 1;
  });
  return level;
}

const DAILY_GAIN_CAP_MICRO = 50_000_000n;

/** At most this much XP a day from endorsements received. */
export const DAILY_ENDORSEMENT_XP_CAP = 20;

/** trustWeight in milli-units (200…2000), as an endorsement records it. */
export function trustWeightMilli(repMicro: bigint): number {
  return Math.round(trustWeight(repMicro) * 1000);
}

/** The endorsee's XP: 2 × trustWeight, rounded once. */
export function endorsementXp(weightMilli: number): number {
  return Math.round((2 * weightMilli) / 1000);
}

export interface ReputationGain {
  xp: number;
  /** Sum of the day's endorsements' trust weights, in milli-units. */
  endorsementsWeightedMilli: number;
  badges: number;
}

/**
 * rep(t+1) = 0.995 × rep(t) + min(50, xpGain / 10 + endorsementsWeighted / 5 + badges × 20).
 * In micro-points every term is exact (xp × 100 000, weightMilli × 200, badges × 20 000 000);
 * the decay rounds down: it always moves (never stalls at a small value) and 400 days of it stay
 * within 0.2 milli-points of the closed form.
 */
export function settleRepMicro(repMicro: bigint, gain: ReputationGain): { repMicro: bigint; gainMicro: bigint } {
  const gainMicro =
    BigInt(gain.xp) * 100_000n + BigInt(gain.endorsementsWeightedMilli) * 200n + BigInt(gain.badges) * 20_000_000n;
  const capped = gainMicro < DAILY_GAIN_CAP_MICRO ? gainMicro : DAILY_GAIN_CAP_MICRO;
  return { repMicro: (repMicro * 995n) / 1000n + capped, gainMicro: capped };
}
