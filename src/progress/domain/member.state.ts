import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import type { MemberEvent } from './member.events';

export interface MemberState {
  xp: number;
  level: number;
  repMicro: bigint;
  /** XP earned per UTC day not yet settled into reputation. */
  unsettledXpByDay: Readonly<Record<string, number>>;
  lastSettledDay: string | null;
}

export const initialMemberState: MemberState = { xp: 0, level: 1, repMicro: 0n, unsettledXpByDay: {}, lastSettledDay: null };

export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case 'XpAwarded': {
      const day = event.data.day;
      return { ...state, xp: state.xp + event.data.xp, unsettledXpByDay: { ...state.unsettledXpByDay, [day]: (state.unsettledXpByDay[day] ?? 0) + event.data.xp } };
    }
    case 'LevelReached':
      return { ...state, level: Math.max(state.level, event.data.level) };
    case 'ReputationSettled': {
      const unsettled = Object.fromEntries(Object.entries(state.unsettledXpByDay).filter(([day]) => day > event.data.day));
      return { ...state, repMicro: BigInt(event.data.repMicro), unsettledXpByDay: unsettled, lastSettledDay: event.data.day };
    }
    default:
      return assertNever(event);
  }
}

export const memberDecider: Decider<MemberState, MemberEvent> = { initialState: initialMemberState, evolve: evolveMember };
