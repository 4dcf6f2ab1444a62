import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';

/** BUZ and bp travel as decimal strings of whole numbers. */
const wholeNumber = (field: string, max: bigint) =>
  safeText({ error: `${field} must be a whole number written as a string, e.g. "1500"` })
    .regex(/^[1-9][0-9]{0,17}$/, `${field} must be a positive whole number written as a string, e.g. "1500"`)
    .transform((value) => BigInt(value))
    .refine((value) => value <= max, `${field} must be at most ${max}`);

export const scheduleWindowSchema = z
  .object({
    ventureId: z.uuid({ error: 'ventureId must be a UUID' }),
    opensAt: z.iso.datetime({ error: 'opensAt must be an ISO-8601 UTC timestamp' }),
    closesAt: z.iso.datetime({ error: 'closesAt must be an ISO-8601 UTC timestamp' }),
    equityRateBps: wholeNumber('equityRateBps', 10_000n),
    poolCapBps: wholeNumber('poolCapBps', 10_000n).nullable().default(null),
  })
  .strict()
  .refine((body) => Date.parse(body.closesAt) > Date.parse(body.opensAt), {
    error: 'closesAt must be after opensAt',
    path: ['closesAt'],
  });

export const convertSchema = z
  .object({ windowId: z.uuid({ error: 'windowId must be a UUID' }), buz: wholeNumber('buz', 10n ** 15n) })
  .strict();
export const convertPreviewSchema = convertSchema;

export const voteSchema = z
  .object({
    vote: z.enum(['APPROVE', 'REJECT'], { error: 'vote must be APPROVE or REJECT' }),
    note: safeText({ error: 'note is required' })
      .trim()
      .min(3, 'note must say why (3+ characters)')
      .max(500, 'note must be at most 500 characters'),
  })
  .strict();

export const finalizeSchema = z
  .object({ confirm: z.literal(true, { error: 'confirm must be true: look at the finalization preview first' }) })
  .strict();

export const idParam = (name: string) => z.uuid({ error: `${name} must be a UUID` });
