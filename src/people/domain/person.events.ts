/**
 * Events of `person-<userId>`: a member's profile, skills, the endorsements they give and their
 * portfolio. Facts and ids only: what a profile says (nickname, bio, location, website, avatar),
 * endorsement notes, evidence links and portfolio texts live in erasable tables (see the
 * migration 20261207000200_people), so an event says THAT something changed, never WHAT.
 */
export const PROFILE_FIELDS = ['nickname', 'bio', 'location', 'websiteUrl', 'theme', 'isPublic', 'avatar'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const SKILL_VERIFICATION_BASES = ['VENTURE_OWNER', 'ADMIN'] as const;
export type SkillVerificationBasis = (typeof SKILL_VERIFICATION_BASES)[number];

export type PersonEvent =
  | { type: 'ProfileUpdated'; data: { changedFields: ProfileField[] } }
  | { type: 'SkillAdded'; data: { skillSlug: string; level: number; hasEvidence: boolean } }
  /** taskId: the accepted task the venture owner vouches from (null for an admin). */
  | {
      type: 'SkillVerified';
      data: {
        skillSlug: string;
        verifiedBy: string;
        basis: SkillVerificationBasis;
        taskId: string | null;
        verifiedAt: string;
      };
    }
  /** Recorded on the endorser's stream: the per-endorser rules (one per endorsee and skill, 5 a day) are decided there. */
  | {
      type: 'EndorsementGiven';
      data: {
        endorsementId: string;
        endorseeId: string;
        skillSlug: string;
        day: string;
        weightMilli: number;
        hasNote: boolean;
      };
    }
  | { type: 'PortfolioItemAdded'; data: { itemId: string; taskId: string | null; isPublic: boolean } };

export type EndorsementGivenData = Extract<PersonEvent, { type: 'EndorsementGiven' }>['data'];

export const personStream = (userId: string) => `person-${userId}`;
