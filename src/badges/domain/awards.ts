import { assertNever } from '../../shared-kernel/assert-never';
import type { Decider } from '../../shared-kernel/decider';
import { DomainError } from '../../shared-kernel/domain-error';
import type { BadgeDefinition } from './badge-catalog';
import type { MetricValue } from './badge-rules';

/**
 * Events of `awards-<userId>`: the badges a member holds. The metric values that satisfied the
 * rule are the award's evidence; an admin's reason is free text about a person, so it lives in
 * the erasable `badge_reasons` table under `reasonId`.
 */
export type AwardEvent =
  | {
      type: 'BadgeAwarded';
      data: {
        badgeCode: string;
        day: string;
        evidence: Record<string, MetricValue>;
        awardedBy: string | null;
        reasonId: string | null;
      };
    }
  | { type: 'BadgeRevoked'; data: { badgeCode: string; revokedBy: string; reasonId: string } };

export const awardsStream = (userId: string) => `awards-${userId}`;

export interface HeldBadge {
  day: string;
  revoked: boolean;
}

export interface AwardsState {
  badges: Readonly<Record<string, HeldBadge>>;
}

export const initialAwardsState: AwardsState = { badges: {} };

export function evolveAwards(state: AwardsState, event: AwardEvent): AwardsState {
  switch (event.type) {
    case 'BadgeAwarded':
      return { badges: { ...state.badges, [event.data.badgeCode]: { day: event.data.day, revoked: false } } };
    case 'BadgeRevoked': {
      const held = Object.hasOwn(state.badges, event.data.badgeCode) ? state.badges[event.data.badgeCode] : undefined;
      if (!held || held.revoked) throw new Error(`BadgeRevoked for ${event.data.badgeCode}, which is not held`);
      return { badges: { ...state.badges, [event.data.badgeCode]: { ...held, revoked: true } } };
    }
    default:
      return assertNever(event);
  }
}

export const awardsDecider: Decider<AwardsState, AwardEvent> = {
  initialState: initialAwardsState,
  evolve: evolveAwards,
};

export function holds(state: AwardsState, badgeCode: string): boolean {
  return Object.hasOwn(state.badges, badgeCode) && !state.badges[badgeCode].revoked;
}

/**
 * Evaluation awards a badge once per member: never again while held, and never again after a
 * revocation (only an admin's manual award brings a revoked badge back).
 */
export function awardByRule(
  state: AwardsState,
  badgeCode: string,
  evidence: Record<string, MetricValue>,
  day: string,
): AwardEvent[] {
  if (Object.hasOwn(state.badges, badgeCode)) return [];
  return [{ type: 'BadgeAwarded', data: { badgeCode, day, evidence, awardedBy: null, reasonId: null } }];
}

/** An admin awards a MANUAL badge; awarding one already held changes nothing. */
export function awardManually(
  state: AwardsState,
  badge: BadgeDefinition,
  award: { adminId: string; reasonId: string; day: string },
): AwardEvent[] {
  if (badge.rule.type !== 'MANUAL')
    throw new DomainError('BADGE_NOT_MANUAL', `${badge.code} is awarded by its rule, not by hand`, {
      code: badge.code,
    });
  if (holds(state, badge.code)) return [];
  return [
    {
      type: 'BadgeAwarded',
      data: { badgeCode: badge.code, day: award.day, evidence: {}, awardedBy: award.adminId, reasonId: award.reasonId },
    },
  ];
}

export function revokeBadge(
  state: AwardsState,
  badgeCode: string,
  revocation: { adminId: string; reasonId: string },
): AwardEvent[] {
  if (!holds(state, badgeCode))
    throw new DomainError('BADGE_NOT_HELD', `The member does not hold ${badgeCode}`, { code: badgeCode });
  return [{ type: 'BadgeRevoked', data: { badgeCode, revokedBy: revocation.adminId, reasonId: revocation.reasonId } }];
}
