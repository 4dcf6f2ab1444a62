import { assertNever } from '../../identity/domain/user.state';
import type { MemberEvent, XpSource } from './member.events';
import type { MemberState } from './member.state';
import { levelFor, settleRepMicro } from './progress.formulas';

/** Commands on `member-<userId>`: XP for one cause (a task or a helpful review), and one day's reputation settlement. */
export type MemberCommand = { type: 'AwardXp'; source: XpSource; ref: string; xp: number; day: string } | { type: 'SettleReputation'; day: string };

export function decideMember(command: MemberCommand, state: MemberState): MemberEvent[] {
  switch (command.type) {
    case 'AwardXp': {
      const { type: _command, ...award } = command;
      return awardXp(state, award);
    }
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
