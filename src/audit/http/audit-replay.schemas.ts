import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { pageSize, revision } from './audit.schemas';

/** A moment with its time zone, so "the balance on date D" never depends on the server's zone. */
const moment = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 timestamp with a time zone, e.g. 2026-11-24T12:00:00Z' })
  .transform((text) => new Date(text));

export const replayStreamQuerySchema = z
  .strictObject({ atRevision: revision.optional(), at: moment.optional() })
  .refine((query) => query.atRevision === undefined || query.at === undefined, {
    error: 'give atRevision or at, not both',
  });

export const replayCategoryQuerySchema = z.strictObject({
  at: moment.optional(),
  after: safeText().max(300).optional(),
  // Each stream is replayed in full, so pages are smaller than the stream browser's.
  limit: pageSize(20, 100),
});
