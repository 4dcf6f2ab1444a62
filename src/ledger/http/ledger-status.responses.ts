import { z } from 'zod';
import { instant, integerText } from '../../platform/http/response-fields';

/** Where a hash chain first stopped matching. Hashes are hex strings. */
export const chainBreakSchema = z.strictObject({
  streamId: z.string(),
  revision: integerText,
  problem: z.string().meta({ description: 'HASH_MISMATCH, BROKEN_LINK, MISSING_REVISION or NOT_CANONICAL.' }),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
});

/** The latest event a projection could not apply. */
export const projectionFailureSchema = z.strictObject({
  position: z
    .string()
    .meta({ description: "Global position of that event; the projection's own position stays just before it." }),
  eventId: z.string().nullable(),
  eventType: z.string().nullable(),
  error: z.string().nullable().meta({ description: "A short message without the event's data." }),
  failedAt: instant.nullable(),
  attempts: z.number().int().nonnegative().meta({ description: 'Failed attempts at this event so far.' }),
});

export const projectionRunStateSchema = z
  .enum(['RUNNING', 'FAILED'])
  .meta({ description: 'FAILED: stopped at `failure.position` until an operator runs `projections retry`.' });

export const ledgerStatusSchema = z.strictObject({
  events: z.number().int().nonnegative(),
  streams: z.number().int().nonnegative(),
  chain: z.strictObject({
    status: z.enum(['VERIFIED', 'BROKEN', 'NOT_YET_VERIFIED']),
    checkedAt: instant.nullable().meta({ description: 'Null until the first verification has run.' }),
    eventsChecked: z.number().int().nonnegative(),
    durationMs: z.number().nonnegative().nullable(),
    firstBreak: chainBreakSchema.nullable(),
  }),
  projections: z.array(
    z.strictObject({
      name: z.string(),
      status: projectionRunStateSchema,
      position: z.string().nullable().meta({
        description:
          'The global position it has processed up to: opaque, only the event store can interpret it. Null before the first event.',
      }),
      eventsBehind: z.number().int().nonnegative(),
      lagMs: z.number().nonnegative().nullable(),
      leader: z
        .boolean()
        .meta({ description: 'Whether the instance that answered holds the leader lock that runs the projection.' }),
      failure: projectionFailureSchema
        .nullable()
        .meta({ description: 'Set while it retries an event, and once it is FAILED; null otherwise.' }),
    }),
  ),
  generatedAt: instant,
});
