import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { RING_REVIEW_OUTCOMES } from '../domain/endorsement-rings';
import { SKILL_VERIFICATION_BASES } from '../domain/person.events';

const text = (name: string, max: number) =>
  safeText({ error: `${name} must be a string` })
    .trim()
    .max(max, `${name} must be at most ${max} characters`);
/** Blank clears the field (null), like an explicit null. */
const clearable = (name: string, max: number) =>
  text(name, max)
    .nullable()
    .transform((value) => value || null);

export const httpsUrl = (name: string, max: number) =>
  text(name, max).refine(
    (value) => URL.canParse(value) && new URL(value).protocol === 'https:',
    `${name} must be an https:// URL`,
  );

export const THEMES = ['auto', 'light', 'dark'] as const;

export const profilePatchSchema = z
  .object({
    nickname: clearable('nickname', 40).optional(),
    bio: clearable('bio', 280).optional(),
    location: clearable('location', 80).optional(),
    websiteUrl: httpsUrl('websiteUrl', 200).nullable().optional(),
    theme: z.enum(THEMES, { error: 'theme must be one of: auto, light, dark' }).optional(),
    isPublic: z.boolean({ error: 'isPublic must be true or false' }).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one field to change');

export const skillSlugSchema = safeText({ error: 'skillSlug must be a string' }).regex(
  /^[a-z0-9][a-z0-9-]{0,39}$/,
  'skillSlug must be 1–40 characters of a–z, 0–9 and -',
);

export const addSkillSchema = z
  .object({
    skillSlug: skillSlugSchema,
    level: z
      .int({ error: 'level must be a whole number from 1 to 5' })
      .min(1, 'level must be 1–5')
      .max(5, 'level must be 1–5'),
    evidenceUrl: httpsUrl('evidenceUrl', 500).optional(),
  })
  .strict();

/** Portal task ids are UUIDs; an integration's are its own (as POST /api/v1/events/task/accepted takes them). */
export const taskRefSchema = safeText().regex(
  /^[A-Za-z0-9_.:-]{1,100}$/,
  'taskId must be 1–100 characters of A–Z, a–z, 0–9, . _ : -',
);

export const verifySkillSchema = z.object({ taskId: taskRefSchema.optional() }).strict().optional();

export const endorseSchema = z
  .object({
    userId: z.uuid({ error: 'userId must be a UUID' }),
    skillSlug: skillSlugSchema,
    note: clearable('note', 280).optional(),
  })
  .strict();

export const defineSkillSchema = z
  .object({
    slug: skillSlugSchema,
    name: text('name', 60).min(2, 'name must be 2–60 characters'),
    category: safeText().regex(/^[a-z][a-z-]{1,29}$/, 'category must be 2–30 characters of a–z and -'),
  })
  .strict();

export const portfolioItemSchema = z
  .object({
    title: text('title', 120).min(2, 'title must be 2–120 characters'),
    description: text('description', 2000),
    taskId: taskRefSchema.optional(),
    urls: z.array(httpsUrl('urls[]', 500)).max(10, 'at most 10 urls').default([]),
    documentId: z.uuid({ error: 'documentId must be a UUID' }).optional(),
    isPublic: z.boolean({ error: 'isPublic must be true or false' }),
  })
  .strict();

// Answers.

const skillOnProfileSchema = z.strictObject({
  skillSlug: z.string(),
  name: z.string(),
  category: z.string(),
  level: z.int().min(1).max(5),
  evidenceUrl: z.string().nullable(),
  verified: z.boolean(),
  verifiedBy: z.uuid().nullable(),
  verifiedAt: z.string().nullable(),
  endorsements: z.int().min(0),
});

const badgeOnProfileSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  awardedAt: z.string(),
  credentialId: z.uuid(),
});

export const profileResponseSchema = z.strictObject({
  userId: z.uuid(),
  displayName: z.string(),
  nickname: z.string().nullable(),
  bio: z.string().nullable(),
  location: z.string().nullable(),
  websiteUrl: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  isPublic: z.boolean(),
  level: z.int(),
  xp: z.int(),
  nextLevelXp: z.int().nullable(),
  reputation: z.string(),
  reputationMicro: z.string(),
  lastSettledDay: z.string().nullable(),
  skills: z.array(skillOnProfileSchema),
  badges: z.array(badgeOnProfileSchema),
  endorsementsReceived: z.int().min(0),
});

export const ownProfileResponseSchema = profileResponseSchema.extend({
  theme: z.enum(THEMES),
  endorsementsLeftToday: z.int().min(0).max(5),
});

export const profileUpdatedResponseSchema = z.strictObject({ userId: z.uuid(), changedFields: z.array(z.string()) });
export const skillAddedResponseSchema = z.strictObject({ skillSlug: z.string(), level: z.int() });
export const skillVerifiedResponseSchema = z.strictObject({
  userId: z.uuid(),
  skillSlug: z.string(),
  verifiedBy: z.uuid(),
  verifiedAt: z.string(),
});
/** Which of this member's skills the caller may verify: the portal shows Verify only on those. */
export const skillVerifierResponseSchema = z.strictObject({
  userId: z.uuid(),
  /** Whether the caller may verify any skill of this member (an admin: any; a venture owner: those in `skills`). */
  mayVerify: z.boolean(),
  basis: z.enum(SKILL_VERIFICATION_BASES).nullable(),
  /**
   * The skills the caller's accepted tasks of this member named, each with the task to name when
   * verifying it (the most recently accepted one that named it); [] for anyone who owns none.
   */
  skills: z.array(z.strictObject({ skillSlug: z.string(), taskId: z.string() })),
});
export const endorsementResponseSchema = z.strictObject({
  endorsementId: z.uuid(),
  userId: z.uuid(),
  skillSlug: z.string(),
  day: z.string(),
  weight: z.string(),
  endorsementsLeftToday: z.int().min(0),
});
export const skillSchema = z.strictObject({ slug: z.string(), name: z.string(), category: z.string() });
export const skillCatalogResponseSchema = z.strictObject({ skills: z.array(skillSchema) });

export const flagIdParamSchema = z.uuid({ error: 'flagId must be a UUID' });

export const ringReviewSchema = z
  .object({
    outcome: z.enum(RING_REVIEW_OUTCOMES, { error: 'outcome must be one of: dismissed, confirmed' }),
    note: clearable('note', 1000).optional(),
  })
  .strict();

export const ringFlagsQuerySchema = z
  .object({
    status: z.enum(['open', 'reviewed', 'all'], { error: 'status must be one of: open, reviewed, all' }).default('all'),
  })
  .strict();

const ringReviewFields = {
  outcome: z.enum(RING_REVIEW_OUTCOMES),
  reviewedBy: z.uuid(),
  reviewedAt: z.string(),
};

export const ringReviewedResponseSchema = z.strictObject({ flagId: z.uuid(), ...ringReviewFields });

export const endorsementFlagsResponseSchema = z.strictObject({
  flags: z.array(
    z.strictObject({
      flagId: z.uuid(),
      kind: z.enum(['RECIPROCAL', 'CYCLE']),
      memberIds: z.array(z.uuid()),
      endorsementIds: z.array(z.uuid()),
      day: z.string(),
      flaggedAt: z.string(),
      /** null while the flag is open. */
      review: z.strictObject({ ...ringReviewFields, note: z.string().nullable() }).nullable(),
    }),
  ),
});
