import { z } from 'zod';
import { eventFields as field } from '../platform/event-store/event-fields';
import type { EventSchemasOf } from '../platform/event-store/event-schemas';

/** The marker on `seed-demo` that the demo was seeded: its last step, so a restart does not seed again. */
export type SeedEvent = { type: 'DemoSeeded'; data: { accounts: number } };

export const seedEventSchemas: EventSchemasOf<SeedEvent> = {
  DemoSeeded: { version: 1, schema: z.strictObject({ accounts: field.count() }), upcasters: [] },
};
