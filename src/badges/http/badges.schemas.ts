import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { badgeRuleSchema } from '../domain/badge-rules';

export const badgeCodeSchema = safeText({ error: 'code must be a string' }).regex(
  /^[A-Z][A-Z0-9_]{1,39}$/,
  'code must be 2–40 characters of A–Z, 0–9 and _, starting with a letter',
);

export const defineBadgeSchema = z
  .object({
    code: badgeCodeSchema,
    name: safeText().trim().min(2, 'name must be 2–60 characters').max(60, 'name must be 2–60 characters'),
    description: safeText()
      .trim()
      .min(2, 'description must be 2–280 characters')
      .max(280, 'description must be 2–280 characters'),
    rule: badgeRuleSchema,
  })
  .strict();

const reason = safeText({ error: 'reason is required' })
  .trim()
  .min(3, 'reason must be 3–500 characters')
  .max(500, 'reason must be 3–500 characters');
export const awardBadgeSchema = z.object({ userId: z.uuid({ error: 'userId must be a UUID' }), reason }).strict();
export const revokeBadgeSchema = awardBadgeSchema;

export const credentialIdParamSchema = z.uuid({ error: 'credentialId must be a UUID' });
export const statusListIdParamSchema = safeText().regex(/^[0-9]{1,6}$/, 'listId is a number');

// Answers.

const ruleJson = z.record(z.string(), z.unknown());

export const badgeResponseSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(['THRESHOLD', 'COMPOSITE', 'MANUAL']),
  rule: ruleJson,
  criteria: z.string(),
  holders: z.int().min(0),
});
export const badgeDirectoryResponseSchema = z.strictObject({ badges: z.array(badgeResponseSchema) });
export const definedBadgeResponseSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  rule: ruleJson,
});
export const badgeAwardResponseSchema = z.strictObject({
  userId: z.uuid(),
  code: z.string(),
  awarded: z.boolean(),
  credentialId: z.uuid().nullable(),
});
export const badgeRevokedResponseSchema = z.strictObject({
  userId: z.uuid(),
  code: z.string(),
  revoked: z.literal(true),
});

export const achievementResponseSchema = z.strictObject({
  id: z.string(),
  type: z.array(z.string()),
  name: z.string(),
  description: z.string(),
  criteria: z.strictObject({ narrative: z.string() }),
});

const proofSchema = z.strictObject({
  type: z.literal('DataIntegrityProof'),
  cryptosuite: z.literal('eddsa-jcs-2022'),
  created: z.string(),
  verificationMethod: z.string(),
  proofPurpose: z.literal('assertionMethod'),
  proofValue: z.string().regex(/^z[1-9A-HJ-NP-Za-km-z]+$/),
});

export const credentialResponseSchema = z.strictObject({
  '@context': z.array(z.string()),
  id: z.string(),
  type: z.array(z.string()),
  issuer: z.strictObject({ id: z.string(), type: z.array(z.string()), name: z.string() }),
  validFrom: z.string(),
  name: z.string(),
  credentialSubject: z.strictObject({
    id: z.string(),
    type: z.array(z.string()),
    achievement: achievementResponseSchema,
  }),
  evidence: z.array(
    z.strictObject({ id: z.string(), type: z.array(z.string()), name: z.string(), description: z.string() }),
  ),
  credentialStatus: z.strictObject({
    id: z.string(),
    type: z.literal('BitstringStatusListEntry'),
    statusPurpose: z.literal('revocation'),
    statusListIndex: z.string(),
    statusListCredential: z.string(),
  }),
  proof: proofSchema,
});

export const statusListResponseSchema = z.strictObject({
  '@context': z.array(z.string()),
  id: z.string(),
  type: z.array(z.string()),
  issuer: z.string(),
  validFrom: z.string(),
  credentialSubject: z.strictObject({
    id: z.string(),
    type: z.literal('BitstringStatusList'),
    statusPurpose: z.literal('revocation'),
    encodedList: z.string(),
  }),
  proof: proofSchema,
});

export const issuerResponseSchema = z.strictObject({
  '@context': z.array(z.string()),
  id: z.string(),
  type: z.array(z.string()),
  name: z.string(),
  url: z.string(),
  verificationMethod: z.array(
    z.strictObject({
      id: z.string(),
      type: z.literal('Multikey'),
      controller: z.string(),
      publicKeyMultibase: z.string(),
    }),
  ),
  assertionMethod: z.array(z.string()),
});

const distributionSchema = z.array(z.strictObject({ bucket: z.string(), members: z.int().min(0) }));
export const gamificationStatusResponseSchema = z.strictObject({
  lastEvaluation: z
    .strictObject({
      at: z.string().nullable(),
      durationMs: z.int().nullable(),
      outcome: z.string().nullable(),
      membersChecked: z.int().nullable(),
      awards: z.int().nullable(),
    })
    .nullable(),
  nextEvaluationAt: z.string().nullable(),
  awardsPerBadge: z.array(z.strictObject({ code: z.string(), holders: z.int().min(0), revoked: z.int().min(0) })),
  xpDistribution: distributionSchema,
  reputationDistribution: distributionSchema,
});
