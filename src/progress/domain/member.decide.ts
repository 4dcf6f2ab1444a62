import type { MemberEvent, XpSource } from './member.events';
import type { DailyGain, MemberState } from './member.state';
import { DAILY_ENDORSEMENT_XP_CAP, endorsementXp, levelFor, settleRepMicro } from './progress.formulas';

/** XP for one cause, then a LevelReached for every threshold it crosses. */
export function awardXp(state: MemberState, award: { source: XpSource; ref: string; xp: number; day: string }): MemberEvent[] {
  if (award.xp <= 0) return [];
  const events: MemberEvent[] = [{ type: 'XpAwarded', data: award }];
  const xp = state.xp + award.xp;
  for (let level = state.level + 1; level <= levelFor(xp); level += 1) events.push({ type: 'LevelReached', data: { level, xp } });
  return events;
}

/**
 * An endorsement received: its weight always counts towards the day's reputation; its XP
 * (2 × trustWeight) only up to what is left of the day's 20 XP from endorsements.
 */
export function creditEndorsement(state: MemberState, credit: { endorsementId: string; day: string; weightMilli: number }): MemberEvent[] {
  const left = Math.max(0, DAILY_ENDORSEMENT_XP_CAP - (state.endorsementXpByDay[credit.day] ?? 0));
  const xp = Math.min(left, endorsementXp(credit.weightMilli));
  const credited: MemberEvent = { type: 'EndorsementCredited', data: { ...credit, xp } };
  return [credited, ...awardXp(state, { source: 'endorsement', ref: credit.endorsementId, xp, day: credit.day })];
}

/** Each badge is worth 50 XP, once per badge (the command id makes a re-run a no-op). */
export const BADGE_XP = 50;

export function awardBadgeXp(state: MemberState, badge: { badgeCode: string; day: string }): MemberEvent[] {
  return awardXp(state, { source: 'badge', ref: badge.badgeCode, xp: BADGE_XP, day: badge.day });
}

/**
 * Settles one UTC day, once, in order: a day at or before the last settled one is a no-op.
 * Gains that arrived late for an earlier, already settled day count in this settlement.
 */
export function settleReputation(state: MemberState, day: string): MemberEvent[] {
  if (state.lastSettledDay !== null && day <= state.lastSettledDay) return [];
  const gain = Object.entries(state.unsettledByDay).reduce<DailyGain>(
    (sum, [gainDay, add]) =>
      gainDay <= day ? { xp: sum.xp + add.xp, endorsementsWeightedMilli: sum.endorsementsWeightedMilli + add.endorsementsWeightedMilli, badges: sum.badges + add.badges } : sum,
    { xp: 0, endorsementsWeightedMilli: 0, badges: 0 },
  );
  const settled = settleRepMicro(state.repMicro, gain);
  return [
    {
      type: 'ReputationSettled',
      data: {
        day,
        previousRepMicro: state.repMicro.toString(),
        repMicro: settled.repMicro.toString(),
        xpGain: gain.xp,
        gainMicro: settled.gainMicro.toString(),
        endorsementsWeightedMilli: gain.endorsementsWeightedMilli,
        badges: gain.badges,
      },
    },
  ];
}
