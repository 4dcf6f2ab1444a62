import { assertNever } from '../../shared-kernel/assert-never';
import type { TaskTier } from '../../ventures/domain/task-accepted.events';
import { averageMicro, reviewerCred } from '../../wallet/domain/issuance-formula.contract';
import type { MemberEvent, XpSource } from './member.events';
import type { DailyGain, MemberState } from './member.state';
import {
  DAILY_ENDORSEMENT_XP_CAP,
  endorsementXp,
  levelFor,
  reviewXp,
  settleRepMicro,
  taskXp,
} from './progress.formulas';

/**
 * Commands on `member-<userId>`: XP for an accepted task's assignee (priced by its tier, quality
 * and reviewers' reputations), XP for a reviewer the owner marked helpful (weighted by their own
 * reputation), an endorsement received, a badge's XP, and one UTC day's reputation settlement.
 * `ref` is the task; `day` the XP's day.
 */
export type MemberCommand =
  | {
      type: 'AwardTaskXp';
      ref: string;
      day: string;
      tier: TaskTier;
      quality: number;
      reviewerRepMicro: readonly bigint[];
    }
  | { type: 'AwardReviewXp'; ref: string; day: string; reviewerRepMicro: bigint }
  | { type: 'SettleReputation'; day: string }
  | { type: 'CreditEndorsement'; endorsementId: string; day: string; weightMilli: number }
  | { type: 'AwardBadgeXp'; badgeCode: string; day: string };

export function decideMember(command: MemberCommand, state: MemberState): MemberEvent[] {
  switch (command.type) {
    case 'AwardTaskXp': {
      const xp = taskXp(command.tier, command.quality, reviewerCred(averageMicro(command.reviewerRepMicro)));
      return awardXp(state, { source: 'task', ref: command.ref, xp, day: command.day });
    }
    case 'AwardReviewXp':
      return awardXp(state, {
        source: 'review',
        ref: command.ref,
        xp: reviewXp(command.reviewerRepMicro),
        day: command.day,
      });
    case 'SettleReputation':
      return settleReputation(state, command.day);
    case 'CreditEndorsement':
      return creditEndorsement(state, command);
    case 'AwardBadgeXp':
      return awardXp(state, { source: 'badge', ref: command.badgeCode, xp: BADGE_XP, day: command.day });
    default:
      return assertNever(command);
  }
}

/** XP for one cause, then a LevelReached for every threshold it crosses. */
function awardXp(state: MemberState, award: { source: XpSource; ref: string; xp: number; day: string }): MemberEvent[] {
  if (award.xp <= 0) return [];
  const events: MemberEvent[] = [{ type: 'XpAwarded', data: award }];
  const xp = state.xp + award.xp;
  for (let level = state.level + 1; level <= levelFor(xp); level += 1)
    events.push({ type: 'LevelReached', data: { level, xp } });
  return events;
}

/**
 * An endorsement received: its weight always counts towards the day's reputation; its XP
 * (2 × trustWeight) only up to what is left of the day's 20 XP from endorsements.
 */
function creditEndorsement(
  state: MemberState,
  credit: { endorsementId: string; day: string; weightMilli: number },
): MemberEvent[] {
  const left = Math.max(0, DAILY_ENDORSEMENT_XP_CAP - (state.endorsementXpByDay[credit.day] ?? 0));
  const xp = Math.min(left, endorsementXp(credit.weightMilli));
  const credited: MemberEvent = {
    type: 'EndorsementCredited',
    data: { endorsementId: credit.endorsementId, day: credit.day, weightMilli: credit.weightMilli, xp },
  };
  return [credited, ...awardXp(state, { source: 'endorsement', ref: credit.endorsementId, xp, day: credit.day })];
}

/** Each badge is worth 50 XP, once per badge (the command id makes a re-run a no-op). */
export const BADGE_XP = 50;

/**
 * Settles one UTC day, once, in order: a day at or before the last settled one is a no-op.
 * Gains that arrived late for an earlier, already settled day count in this settlement.
 */
function settleReputation(state: MemberState, day: string): MemberEvent[] {
  if (state.lastSettledDay !== null && day <= state.lastSettledDay) return [];
  const gain = Object.entries(state.unsettledByDay).reduce<DailyGain>(
    (sum, [gainDay, add]) =>
      gainDay <= day
        ? {
            xp: sum.xp + add.xp,
            endorsementsWeightedMilli: sum.endorsementsWeightedMilli + add.endorsementsWeightedMilli,
            badges: sum.badges + add.badges,
          }
        : sum,
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
