import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import type { MemberEvent } from './member.events';

export const memberEventSchemas: EventSchemasOf<MemberEvent> = {
  XpAwarded: { version: 1, schema: z.strictObject({ source: z.enum(['task', 'review']), ref: field.id(), xp: field.count(), day: field.utcDay() }), upcasters: [] },
  LevelReached: { version: 1, schema: z.strictObject({ level: z.number().int().min(1), xp: field.count() }), upcasters: [] },
  ReputationSettled: {
    version: 1,
    schema: z.strictObject({ day: field.utcDay(), previousRepMicro: field.wholeNumberText(), repMicro: field.wholeNumberText(), xpGain: field.count(), gainMicro: field.wholeNumberText() }),
    upcasters: [],
  },
};
