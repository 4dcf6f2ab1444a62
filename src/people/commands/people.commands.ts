import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../identity/identity.contract';
import type { Skill } from '../domain/skill-catalog';
import type { ProfileField } from '../domain/person.events';
import type { EndorsementRing, RingReview, RingReviewOutcome } from '../domain/endorsement-rings';

/** The profile fields a member edits; null clears a text field. */
export interface ProfilePatch {
  nickname?: string | null;
  bio?: string | null;
  location?: string | null;
  websiteUrl?: string | null;
  theme?: 'auto' | 'light' | 'dark';
  isPublic?: boolean;
}

export class UpdateProfile extends Command<{ userId: string; changedFields: ProfileField[] }> {
  constructor(
    readonly userId: string,
    readonly patch: ProfilePatch,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class AddSkill extends Command<{ skillSlug: string; level: number }> {
  constructor(
    readonly userId: string,
    readonly skill: { skillSlug: string; level: number; evidenceUrl: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class VerifySkill extends Command<{
  userId: string;
  skillSlug: string;
  verifiedBy: string;
  verifiedAt: string;
}> {
  constructor(
    readonly memberId: string,
    readonly skillSlug: string,
    readonly taskId: string | null,
    readonly verifier: { userId: string; isAdmin: boolean },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export interface EndorsementOutcome {
  endorsementId: string;
  userId: string;
  skillSlug: string;
  day: string;
  weight: string;
  endorsementsLeftToday: number;
}

export class Endorse extends Command<EndorsementOutcome> {
  constructor(
    readonly endorserId: string,
    readonly endorsement: { userId: string; skillSlug: string; note: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class DefineSkill extends Command<Skill> {
  constructor(
    readonly skill: Skill,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export interface PortfolioDraft {
  title: string;
  description: string;
  taskId: string | null;
  urls: string[];
  documentId: string | null;
  isPublic: boolean;
}

export class AddPortfolioItem extends Command<{ itemId: string }> {
  constructor(
    readonly userId: string,
    readonly item: PortfolioDraft,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export class FlagEndorsementRing extends Command<void> {
  constructor(
    readonly ring: EndorsementRing,
    readonly causationId: string,
  ) {
    super();
  }
}

export class ReviewEndorsementRing extends Command<RingReview & { flagId: string }> {
  constructor(
    readonly flagId: string,
    readonly review: { outcome: RingReviewOutcome; note: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}
