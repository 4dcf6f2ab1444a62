import { z } from 'zod';
import { calendarDay, instant } from '../platform/http/response-fields';

export const jobHealthSchema = z.strictObject({
  name: z.string(),
  schedule: z.string(),
  lastRunAt: instant.nullable(),
  lastDurationMs: z.number().nonnegative().nullable(),
  lastOutcome: z.enum(['SUCCEEDED', 'FAILED', 'SKIPPED_NOT_LEADER']).nullable(),
  lastError: z.string().nullable(),
  nextRunAt: instant.nullable(),
  running: z.boolean(),
});
export const jobsHealthSchema = z.array(jobHealthSchema);

/** What a manual run did: each job reports in its own words. */
export const jobRunSchema = z.discriminatedUnion('job', [
  z.strictObject({ job: z.literal('integrity-check'), result: jobHealthSchema }),
  z.strictObject({
    job: z.literal('reputation-settlement'),
    result: z.strictObject({
      throughDay: calendarDay,
      membersChecked: z.number().int().nonnegative(),
      settlements: z.number().int().nonnegative(),
    }),
  }),
  z.strictObject({
    job: z.literal('conversion-windows'),
    result: z.strictObject({ advanced: z.array(z.uuid()).meta({ description: 'The windows it opened or closed.' }) }),
  }),
  z.strictObject({
    job: z.literal('badge-evaluation'),
    result: z.strictObject({
      evaluatedAt: instant,
      membersChecked: z.number().int().nonnegative(),
      badgesChecked: z.number().int().nonnegative(),
      awards: z
        .array(z.strictObject({ userId: z.uuid(), code: z.string() }))
        .meta({ description: 'The badges this run awarded.' }),
    }),
  }),
  z.strictObject({
    job: z.literal('document-retention'),
    result: z.strictObject({
      sharesExpired: z.array(z.string()),
      purged: z.array(z.string()),
      held: z
        .array(z.strictObject({ documentId: z.string(), holdId: z.string(), action: z.string() }))
        .meta({ description: 'Actions a legal hold kept from happening; the next run tries again.' }),
    }),
  }),
]);
