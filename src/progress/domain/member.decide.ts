import type { MemberEvent, XpSource } from './member.events';
import type { MemberState } from './member.state';
import { levelFor, settleRepMicro } from './progress.formulas';

/** XP for one cause, then a LevelReached for every threshold it crosses. */
export function awardXp(state: MemberState, award: { source: XpSource; ref: string; xp: number; day: string }): MemberEvent[] {
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
export function settleReputation(state: MemberState, day: string): MemberEvent[] {
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
