import { assertNever } from '../../shared-kernel/assert-never';
import type { Decider } from '../../shared-kernel/decider';
import type { EndorsementGivenData, PersonEvent, SkillVerificationBasis } from './person.events';

export interface MemberSkill {
  level: number;
  hasEvidence: boolean;
  verifiedBy: string | null;
  verifiedAt: string | null;
  basis: SkillVerificationBasis | null;
}

export interface PersonState {
  skills: Readonly<Record<string, MemberSkill>>;
  /** Endorsements this person gave, oldest first. */
  given: readonly EndorsementGivenData[];
  portfolioItemIds: readonly string[];
  /** Tasks already linked from a portfolio item. */
  portfolioTaskIds: readonly string[];
}

export const initialPersonState: PersonState = { skills: {}, given: [], portfolioItemIds: [], portfolioTaskIds: [] };

export function evolvePerson(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'ProfileUpdated':
      return state;
    case 'SkillAdded': {
      const { skillSlug, level, hasEvidence } = event.data;
      return {
        ...state,
        skills: {
          ...state.skills,
          [skillSlug]: { level, hasEvidence, verifiedBy: null, verifiedAt: null, basis: null },
        },
      };
    }
    case 'SkillVerified': {
      const skill = Object.hasOwn(state.skills, event.data.skillSlug) ? state.skills[event.data.skillSlug] : undefined;
      if (!skill) throw new Error(`SkillVerified for ${event.data.skillSlug}, which the profile does not have`);
      const verified = {
        ...skill,
        verifiedBy: event.data.verifiedBy,
        verifiedAt: event.data.verifiedAt,
        basis: event.data.basis,
      };
      return { ...state, skills: { ...state.skills, [event.data.skillSlug]: verified } };
    }
    case 'EndorsementGiven':
      return { ...state, given: [...state.given, event.data] };
    case 'PortfolioItemAdded': {
      const taskIds = event.data.taskId ? [...state.portfolioTaskIds, event.data.taskId] : state.portfolioTaskIds;
      return { ...state, portfolioItemIds: [...state.portfolioItemIds, event.data.itemId], portfolioTaskIds: taskIds };
    }
    default:
      return assertNever(event);
  }
}

export const personDecider: Decider<PersonState, PersonEvent> = {
  initialState: initialPersonState,
  evolve: evolvePerson,
};

/** Endorsements given on a UTC day. */
export function givenOn(state: PersonState, day: string): number {
  return state.given.filter((endorsement) => endorsement.day === day).length;
}
