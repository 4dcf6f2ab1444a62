import { DomainError } from '../../shared-kernel/domain-error';
import type { PersonEvent, ProfileField, SkillVerificationBasis } from './person.events';
import { givenOn, type PersonState } from './person.state';
import { requireSkill, type SkillCatalogState } from './skill-catalog';

/** Pure decisions on `person-<userId>`. Each returns the events to append, or throws a DomainError. */

export const DAILY_ENDORSEMENT_LIMIT = 5;
const DAY_MS = 86_400_000;

/** Only that the profile changed, and which fields: their values stay in the erasable `profiles` table. */
export function recordProfileChange(changedFields: readonly ProfileField[]): PersonEvent[] {
  return changedFields.length === 0
    ? []
    : [{ type: 'ProfileUpdated', data: { changedFields: [...changedFields].sort() } }];
}

export function addSkill(
  state: PersonState,
  catalog: SkillCatalogState,
  skill: { skillSlug: string; level: number; hasEvidence: boolean },
): PersonEvent[] {
  requireSkill(catalog, skill.skillSlug);
  if (Object.hasOwn(state.skills, skill.skillSlug))
    throw new DomainError('SKILL_ALREADY_ADDED', `The profile already lists ${skill.skillSlug}`, {
      skillSlug: skill.skillSlug,
    });
  return [{ type: 'SkillAdded', data: skill }];
}

/** A task as the log has it, when a verifier names one. */
export interface VouchingTask {
  taskId: string;
  /** Who claimed it (or the acceptance names); null while nobody has. */
  assigneeId: string | null;
  /** The owner of the task's venture; null when the venture is unknown. */
  ventureOwnerId: string | null;
  accepted: boolean;
  /** The skill slugs the task named when it was posted ([] for an integration's acceptance). */
  skills: readonly string[];
}

/** Who vouches for a skill: an admin, or the owner of a venture who accepted this member's task that named it. */
export interface SkillVerifier {
  verifierId: string;
  isAdmin: boolean;
  /** The task the verifier names, as the log has it (null when none was named or it does not exist). */
  task: VouchingTask | null;
}

/** A skill is verified once; verifying it again keeps the first verification (no event). */
export function verifySkill(
  state: PersonState,
  memberId: string,
  skillSlug: string,
  verifier: SkillVerifier,
  verifiedAt: string,
): PersonEvent[] {
  const skill = Object.hasOwn(state.skills, skillSlug) ? state.skills[skillSlug] : undefined;
  if (!skill)
    throw new DomainError('SKILL_NOT_ON_PROFILE', `The member's profile does not list ${skillSlug}`, { skillSlug });
  if (verifier.verifierId === memberId)
    throw new DomainError('NOT_SKILL_VERIFIER', 'Nobody verifies their own skills', { skillSlug });
  const basis = verificationBasis(memberId, skillSlug, verifier);
  if (skill.verifiedBy !== null) return [];
  return [
    {
      type: 'SkillVerified',
      data: {
        skillSlug,
        verifiedBy: verifier.verifierId,
        basis,
        taskId: basis === 'ADMIN' ? null : (verifier.task?.taskId ?? null),
        verifiedAt,
      },
    },
  ];
}

/**
 * A venture owner vouches only from facts: a task of their venture that named the skill, was
 * done by this member and accepted. An admin may verify any skill; one who also owns such a
 * task is recorded as its venture owner.
 */
function verificationBasis(memberId: string, skillSlug: string, verifier: SkillVerifier): SkillVerificationBasis {
  const { task } = verifier;
  const ownTask = task !== null && task.assigneeId === memberId && task.ventureOwnerId === verifier.verifierId;
  if (ownTask && task.accepted && task.skills.includes(skillSlug)) return 'VENTURE_OWNER';
  if (verifier.isAdmin) return 'ADMIN';
  if (ownTask && !task.accepted)
    throw new DomainError(
      'TASK_NOT_YET_ACCEPTED',
      `Task ${task.taskId} is not accepted yet: accept it first, then verify the skills it named`,
      { taskId: task.taskId },
    );
  if (ownTask)
    throw new DomainError(
      'SKILL_NOT_ON_TASK',
      `Task ${task.taskId} did not name ${skillSlug}: you may verify only the skills your accepted task named (${task.skills.join(', ') || 'none'})`,
      { taskId: task.taskId, skillSlug, taskSkills: [...task.skills] },
    );
  throw new DomainError(
    'NOT_SKILL_VERIFIER',
    'Only an admin, or the owner of a venture whose accepted task this member did (name it as taskId), verifies a skill',
    { taskId: task?.taskId ?? null },
  );
}

export interface EndorsementRequest {
  endorsementId: string;
  endorserId: string;
  endorseeId: string;
  skillSlug: string;
  hasNote: boolean;
  /** The endorser's trust weight now, from their reputation (milli-units, 200…2000). */
  weightMilli: number;
  now: Date;
}

/**
 * Decided on the endorser's stream, which makes both of its rules exact under concurrency: one
 * endorsement per endorsee and skill, and at most 5 a UTC day (a 429 until the next midnight).
 */
export function endorse(state: PersonState, catalog: SkillCatalogState, request: EndorsementRequest): PersonEvent[] {
  const { endorserId, endorseeId, skillSlug, now } = request;
  if (endorserId === endorseeId)
    throw new DomainError('SELF_ENDORSEMENT', 'Nobody endorses themselves', { userId: endorseeId });
  requireSkill(catalog, skillSlug);
  if (state.given.some((given) => given.endorseeId === endorseeId && given.skillSlug === skillSlug)) {
    throw new DomainError('ALREADY_ENDORSED', `You already endorsed this member for ${skillSlug}`, {
      userId: endorseeId,
      skillSlug,
    });
  }
  const day = now.toISOString().slice(0, 10);
  if (givenOn(state, day) >= DAILY_ENDORSEMENT_LIMIT) {
    const retryAfterSeconds = Math.ceil((Date.parse(`${day}T00:00:00Z`) + DAY_MS - now.getTime()) / 1000);
    throw new DomainError(
      'DAILY_ENDORSEMENT_LIMIT',
      `At most ${DAILY_ENDORSEMENT_LIMIT} endorsements a UTC day; the next one is possible at midnight UTC`,
      {
        limit: DAILY_ENDORSEMENT_LIMIT,
        retryAfterSeconds,
      },
    );
  }
  return [
    {
      type: 'EndorsementGiven',
      data: {
        endorsementId: request.endorsementId,
        endorseeId,
        skillSlug,
        day,
        weightMilli: request.weightMilli,
        hasNote: request.hasNote,
      },
    },
  ];
}

export function endorsementsLeftOn(state: PersonState, day: string): number {
  return Math.max(0, DAILY_ENDORSEMENT_LIMIT - givenOn(state, day));
}

/** An accepted task as the log has it, when a portfolio item links one. */
export interface LinkedTask {
  taskId: string;
  accepted: { assigneeId: string } | null;
}

export function addPortfolioItem(
  state: PersonState,
  memberId: string,
  item: { itemId: string; isPublic: boolean; task: LinkedTask | null },
): PersonEvent[] {
  const { task } = item;
  if (task) {
    if (!task.accepted)
      throw new DomainError('TASK_NOT_ACCEPTED', 'Only an accepted task can be linked to a portfolio item', {
        taskId: task.taskId,
      });
    if (task.accepted.assigneeId !== memberId)
      throw new DomainError('NOT_YOUR_TASK', 'Only the assignee links their own accepted task', {
        taskId: task.taskId,
      });
    if (state.portfolioTaskIds.includes(task.taskId))
      throw new DomainError('TASK_ALREADY_IN_PORTFOLIO', 'This task is already linked from a portfolio item', {
        taskId: task.taskId,
      });
  }
  return [
    {
      type: 'PortfolioItemAdded',
      data: { itemId: item.itemId, taskId: task?.taskId ?? null, isPublic: item.isPublic },
    },
  ];
}
