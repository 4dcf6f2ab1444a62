import { assertNever } from '../../identity/domain/user.state';
import type { TaskTier } from '../../ventures/domain/task-accepted';
import { averageMicro, reviewerCred } from '../../wallet/domain/issuance.formula';
import type { MemberEvent, XpSource } from './member.events';
import type { MemberState } from './member.state';
import { levelFor, reviewXp, settleRepMicro, taskXp } from './progress.formulas';

/**
 * Commands on `member-<userId>`: XP for an accepted task's assignee (priced by its tier, quality
 * and reviewers' reputations), XP for a reviewer the owner marked helpful (weighted by their own
 * reputation), and one UTC day's reputation settlement. `ref` is the task; `day` the XP's day.
 */
export type MemberCommand =
  | { type: 'AwardTaskXp'; ref: string; day: string; tier: TaskTier; quality: number; reviewerRepMicro: readonly bigint[] }
  | { type: 'AwardReviewXp'; ref: string; day: string; reviewerRepMicro: bigint }
  | { type: 'SettleReputation'; day: string };

export function decideMember(command: MemberCommand, state: MemberState): MemberEvent[] {
  switch (command.type) {
    case 'AwardTaskXp': {
      const xp = taskXp(command.tier, command.quality, reviewerCred(averageMicro(command.reviewerRepMicro)));
      return awardXp(state, { source: 'task', ref: command.ref, xp, day: command.day });
    }
    case 'AwardReviewXp':
      return awardXp(state, { source: 'review', ref: command.ref, xp: reviewXp(command.reviewerRepMicro), day: command.day });
    case 'SettleReputation':
      return settleReputation(state, command.day);
    default:
      return assertNever(command);
  }
}

/** XP for one cause, then a LevelReached for every threshold it crosses. */
function awardXp(state: MemberState, award: { source: XpSource; ref: string; xp: number; day: string }): MemberEvent[] {
  if (award.xp <= 0) return [];
  const events: MemberEvent[] = [{ type: 'XpAwarded', data: award }];
  const xp = state.xp + award.xp;
  for (let level = state.level + 1; level <= levelFor(xp); level += 1) events.push({ type: 'LevelReached', data: { level, xp } });
  return events;
}

/**
 * Settles one UTC day, once, in order: a day at or before the last settled one is a no-op.
 * XP that arrived late for an earlier, already settled day counts in this settlement.
 */
function settleReputation(state: MemberState, day: string): MemberEvent[] {
  if (state.lastSettledDay !== null && day <= state.lastSettledDay) return [];
  const xpGain = Object.entries(state.unsettledXpByDay).reduce((sum, [xpDay, xp]) => (xpDay <= day ? sum + xp : sum), 0);
  const settled = settleRepMicro(state.repMicro, xpGain);
  return [
    {
      type: 'ReputationSettled',
      data: { day, previousRepMicro: state.repMicro.toString(), repMicro: settled.repMicro.toString(), xpGain, gainMicro: settled.gainMicro.toString() },
    },
  ];
}
