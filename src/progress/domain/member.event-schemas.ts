import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import type { MemberEvent } from './member.events';

export const memberEventSchemas: EventSchemasOf<MemberEvent> = {
  XpAwarded: {
    version: 1,
    schema: z.strictObject({
      source: z.enum(['task', 'review', 'endorsement', 'badge']),
      ref: field.id(),
      xp: field.count(),
      day: field.utcDay(),
    }),
    upcasters: [],
  },
  LevelReached: {
    version: 1,
    schema: z.strictObject({ level: z.number().int().min(1), xp: field.count() }),
    upcasters: [],
  },
  ReputationSettled: {
    version: 2,
    schema: z.strictObject({
      day: field.utcDay(),
      previousRepMicro: field.wholeNumberText(),
      repMicro: field.wholeNumberText(),
      xpGain: field.count(),
      gainMicro: field.wholeNumberText(),
      endorsementsWeightedMilli: field.count(),
      badges: field.count(),
    }),
    // v1 → v2: settlements before endorsements and badges counted gained nothing from either.
    upcasters: [(data) => ({ ...data, endorsementsWeightedMilli: 0, badges: 0 })],
  },
  EndorsementCredited: {
    version: 1,
    schema: z.strictObject({
      endorsementId: field.id(),
      day: field.utcDay(),
      weightMilli: z.number().int().min(0).max(2000),
      xp: field.count(),
    }),
    upcasters: [],
  },
};
