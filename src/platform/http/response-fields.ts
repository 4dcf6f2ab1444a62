import { z } from 'zod';

/**
 * Field types the success bodies share. Answers are checked against them in the OpenAPI test,
 * so they say what we send, not what we accept: no safeText, no coercion.
 */

/** An ISO 8601 instant, as `Date#toJSON()` and the events' `occurredAt` write it. */
export const instant = z.iso.datetime({ offset: true });

/** A UTC calendar day, YYYY-MM-DD. */
export const calendarDay = z.iso.date();

/** A whole number sent as a string: BUZ, basis points, revisions and other bigints. */
export const integerText = z.string().regex(/^-?\d+$/);

/** Lowercase hex of `bytes` bytes: hashes, keys, signatures. */
export const hexBytes = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

/** What a command on a stream answers when its only news is whether it wrote (false: it was a no-op). */
export const writeOutcomeSchema = z.strictObject({ written: z.boolean() });
