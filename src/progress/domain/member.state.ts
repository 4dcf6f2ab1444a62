import { invariant } from '../../shared-kernel/invariant';
import type { Decider } from '../../shared-kernel/decider';
import { assertNever } from '../../shared-kernel/assert-never';
import type { MemberEvent } from './member.events';

/** What a day adds to reputation when it is settled. */
export interface DailyGain {
  xp: number;
  endorsementsWeightedMilli: number;
  badges: number;
}

export interface MemberState {
  xp: number;
  level: number;
  repMicro: bigint;
  /** Per UTC day not yet settled into reputation. */
  unsettledByDay: Readonly<Record<string, DailyGain>>;
  lastSettledDay: string | null;
  /** XP earned from endorsements per UTC day, for the daily cap (kept after settlement). */
  endorsementXpByDay: Readonly<Record<string, number>>;
}

export const initialMemberState: MemberState = {
  xp: 0,
  level: 1,
  repMicro: 0n,
  unsettledByDay: {},
  lastSettledDay: null,
  endorsementXpByDay: {},
};

const NO_GAIN: DailyGain = { xp: 0, endorsementsWeightedMilli: 0, badges: 0 };

function addGain(state: MemberState, day: string, gain: Partial<DailyGain>): MemberState['unsettledByDay'] {
  const current = state.unsettledByDay[day] ?? NO_GAIN;
  return {
    ...state.unsettledByDay,
    [day]: {
      xp: current.xp + (gain.xp ?? 0),
      endorsementsWeightedMilli: current.endorsementsWeightedMilli + (gain.endorsementsWeightedMilli ?? 0),
      badges: current.badges + (gain.badges ?? 0),
    },
  };
}

/** XP only grows, levels only go up (one event per level crossed), and reputation never goes below zero. */
export function evolveMember(state: MemberState, event: MemberEvent): MemberState {
  switch (event.type) {
    case 'XpAwarded': {
      invariant(event.data.xp > 0, 'member', 'XP is awarded in positive amounts', { xp: event.data.xp });
      const { day, xp, source } = event.data;
      const endorsementXp =
        source === 'endorsement'
          ? { ...state.endorsementXpByDay, [day]: (state.endorsementXpByDay[day] ?? 0) + xp }
          : state.endorsementXpByDay;
      return {
        ...state,
        xp: state.xp + xp,
        unsettledByDay: addGain(state, day, { xp, badges: source === 'badge' ? 1 : 0 }),
        endorsementXpByDay: endorsementXp,
      };
    }
    case 'EndorsementCredited':
      return {
        ...state,
        unsettledByDay: addGain(state, event.data.day, { endorsementsWeightedMilli: event.data.weightMilli }),
      };
    case 'LevelReached':
      invariant(event.data.level > state.level, 'member', 'levels only go up', {
        level: event.data.level,
        currentLevel: state.level,
      });
      return { ...state, level: event.data.level };
    case 'ReputationSettled': {
      invariant(BigInt(event.data.repMicro) >= 0n, 'member', 'reputation ≥ 0', { repMicro: event.data.repMicro });
      const unsettled = Object.fromEntries(
        Object.entries(state.unsettledByDay).filter(([day]) => day > event.data.day),
      );
      return {
        ...state,
        repMicro: BigInt(event.data.repMicro),
        unsettledByDay: unsettled,
        lastSettledDay: event.data.day,
      };
    }
    default:
      return assertNever(event);
  }
}

export const memberDecider: Decider<MemberState, MemberEvent> = {
  initialState: initialMemberState,
  evolve: evolveMember,
};
