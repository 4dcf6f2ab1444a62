import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import { RING_REVIEW_OUTCOMES, type EndorsementRingEvent } from './endorsement-rings';
import { PROFILE_FIELDS, SKILL_VERIFICATION_BASES, type PersonEvent } from './person.events';
import type { SkillCatalogEvent } from './skill-catalog';

const skillSlug = () => z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a skill slug');
const weightMilli = () => z.number().int().min(0).max(2000);

/** Ids and facts only: what a profile, a note or an evidence link says stays in erasable tables. */
export const personEventSchemas: EventSchemasOf<PersonEvent> = {
  ProfileUpdated: {
    version: 1,
    schema: z.strictObject({ changedFields: z.array(z.enum(PROFILE_FIELDS)).min(1) }),
    upcasters: [],
  },
  SkillAdded: {
    version: 1,
    schema: z.strictObject({ skillSlug: skillSlug(), level: z.number().int().min(1).max(5), hasEvidence: z.boolean() }),
    upcasters: [],
  },
  SkillVerified: {
    version: 1,
    schema: z.strictObject({
      skillSlug: skillSlug(),
      verifiedBy: field.id(),
      basis: z.enum(SKILL_VERIFICATION_BASES),
      taskId: field.id().nullable(),
      verifiedAt: field.instant(),
    }),
    upcasters: [],
  },
  EndorsementGiven: {
    version: 1,
    schema: z.strictObject({
      endorsementId: field.id(),
      endorseeId: field.id(),
      skillSlug: skillSlug(),
      day: field.utcDay(),
      weightMilli: weightMilli(),
      hasNote: z.boolean(),
    }),
    upcasters: [],
  },
  PortfolioItemAdded: {
    version: 1,
    schema: z.strictObject({ itemId: field.id(), taskId: field.id().nullable(), isPublic: z.boolean() }),
    upcasters: [],
  },
};

export const skillCatalogEventSchemas: EventSchemasOf<SkillCatalogEvent> = {
  SkillDefined: {
    version: 1,
    schema: z.strictObject({ slug: skillSlug(), name: field.text(), category: field.text(), definedBy: field.id() }),
    upcasters: [],
  },
};

export const endorsementRingEventSchemas: EventSchemasOf<EndorsementRingEvent> = {
  EndorsementRingFlagged: {
    version: 1,
    schema: z.strictObject({
      kind: z.enum(['RECIPROCAL', 'CYCLE']),
      memberIds: z.array(field.id()).min(2),
      endorsementIds: z.array(field.id()).min(2),
      day: field.utcDay(),
    }),
    upcasters: [],
  },
  EndorsementRingReviewed: {
    version: 1,
    schema: z.strictObject({
      outcome: z.enum(RING_REVIEW_OUTCOMES),
      reviewedBy: field.id(),
      reviewedAt: field.instant(),
      hasNote: z.boolean(),
    }),
    upcasters: [],
  },
};
