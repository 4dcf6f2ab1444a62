import { invariant } from '../../platform/domain/invariant';
import type { Decider } from '../../platform/event-store/stream-decider';
import { assertNever } from '../../identity/domain/user.state';
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

/** XP only grows, levels only go up (one event per level crossed), and reputation never goes below zero. */
export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case 'XpAwarded': {
      invariant(event.data.xp > 0, 'member', 'XP is awarded in positive amounts', { xp: event.data.xp });
      const day = event.data.day;
      return { ...state, xp: state.xp + event.data.xp, unsettledXpByDay: { ...state.unsettledXpByDay, [day]: (state.unsettledXpByDay[day] ?? 0) + event.data.xp } };
    }
    case 'LevelReached':
      invariant(event.data.level > state.level, 'member', 'levels only go up', { level: event.data.level, currentLevel: state.level });
      return { ...state, level: event.data.level };
    case 'ReputationSettled': {
      invariant(BigInt(event.data.repMicro) >= 0n, 'member', 'reputation ≥ 0', { repMicro: event.data.repMicro });
      const unsettled = Object.fromEntries(Object.entries(state.unsettledXpByDay).filter(([day]) => day > event.data.day));
      return { ...state, repMicro: BigInt(event.data.repMicro), unsettledXpByDay: unsettled, lastSettledDay: event.data.day };
    }
    default:
      return assertNever(event);
  }
}

export const memberDecider: Decider<MemberState, MemberEvent> = { initialState: initialMemberState, evolve: evolveMember };
