import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { EVENT_ID_PATTERN, STREAM_ID_PATTERN } from '../../platform/event-store/event-naming';
import { signedCheckpointSchema } from '../checkpoints/checkpoint';

const treeSize = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const pageSize = (fallback: number, max: number) =>
  z.coerce.number().int().positive().max(max).default(fallback);
/** Revisions are PostgreSQL bigints: a larger one is the client's mistake (400), not a failed query (500). */
const INT64_MAX = 2n ** 63n - 1n;
export const revision = safeText()
  .regex(/^(0|[1-9][0-9]{0,18})$/, 'must be a revision (a non-negative integer)')
  .transform(BigInt)
  .refine((value) => value <= INT64_MAX, `must be at most ${INT64_MAX}`);

export const eventIdSchema = safeText().regex(EVENT_ID_PATTERN, 'must be a lowercase UUID');
export const verificationIdSchema = z.uuid();
export const streamIdSchema = safeText().regex(STREAM_ID_PATTERN, 'must be a stream id of the form category-id');
export const categorySchema = safeText().regex(/^[a-z][a-zA-Z0-9]*$/, 'must be a stream category');

export const inclusionQuerySchema = z.strictObject({ treeSize: treeSize.optional() });
export const consistencyQuerySchema = z.strictObject({ from: treeSize, to: treeSize.optional() });
export const checkpointsQuerySchema = z.strictObject({ before: revision.optional(), limit: pageSize(50, 500) });
export const streamsQuerySchema = z.strictObject({
  category: categorySchema.optional(),
  after: safeText().max(300).optional(),
  limit: pageSize(50, 500),
});
export const streamQuerySchema = z.strictObject({ fromRevision: revision.default(0n), limit: pageSize(100, 1000) });

/** A checkpoint the auditor kept from earlier, to hold the current log against. */
export const startVerificationSchema = z
  .strictObject({ trustedCheckpoint: z.object(signedCheckpointSchema.shape).optional() })
  .default({});

const eventTypeSchema = safeText().regex(/^[A-Z][A-Za-z0-9]{0,99}$/, 'must be an event type such as TaskPosted');
const searchInstant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 instant such as 2026-12-07T09:00:00Z' })
  .transform((text) => new Date(text));

/** The auditors' event search: every filter optional, combined with AND; `after` pages on. */
export const eventSearchQuerySchema = z
  .strictObject({
    eventId: eventIdSchema.optional(),
    streamId: streamIdSchema.optional(),
    type: eventTypeSchema.optional(),
    from: searchInstant.optional(),
    to: searchInstant.optional(),
    after: revision.optional(),
    limit: pageSize(50, 200),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, {
    error: 'from must be before to',
    path: ['to'],
  });
