import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import type { AwardEvent } from './awards';
import type { BadgeCatalogEvent } from './badge-catalog';
import { badgeRuleSchema, METRICS } from './badge-rules';
import type { CredentialStatusEvent } from './credential-status';

const badgeCode = () => z.string().regex(/^[A-Z0-9_]+$/, 'must be a badge code');
const sha256Hex = () => z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex');

export const awardEventSchemas: EventSchemasOf<AwardEvent> = {
  BadgeAwarded: {
    version: 1,
    schema: z.strictObject({
      badgeCode: badgeCode(),
      day: field.utcDay(),
      // The metric values that satisfied the rule: numbers, or a status such as the KYC status.
      evidence: z.partialRecord(z.enum(METRICS), z.union([z.number(), z.string()])),
      awardedBy: field.id().nullable(),
      reasonId: field.id().nullable(),
    }),
    upcasters: [],
  },
  BadgeRevoked: {
    version: 1,
    schema: z.strictObject({ badgeCode: badgeCode(), revokedBy: field.id(), reasonId: field.id() }),
    upcasters: [],
  },
};

export const badgeCatalogEventSchemas: EventSchemasOf<BadgeCatalogEvent> = {
  BadgeDefined: {
    version: 1,
    schema: z.strictObject({
      code: badgeCode(),
      name: field.text(),
      description: field.text(),
      rule: badgeRuleSchema,
      definedBy: field.id(),
    }),
    upcasters: [],
  },
};

export const credentialStatusEventSchemas: EventSchemasOf<CredentialStatusEvent> = {
  CredentialIssued: {
    version: 1,
    schema: z.strictObject({
      credentialId: field.id(),
      userId: field.id(),
      badgeCode: badgeCode(),
      awardEventId: field.id(),
      awardEventHash: sha256Hex(),
      awardedAt: field.instant(),
      statusListIndex: field.count(),
    }),
    upcasters: [],
  },
  CredentialRevoked: {
    version: 1,
    schema: z.strictObject({ credentialId: field.id(), statusListIndex: field.count() }),
    upcasters: [],
  },
};
