import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { TASK_TIERS } from '../domain/task-accepted.events';
import { BUG_SEVERITIES, REVIEW_VERDICTS, TASK_KINDS } from '../domain/task.events';

export const ventureIdParamSchema = z.uuid({ error: 'ventureId must be a UUID' });
export const taskIdParamSchema = z.uuid({ error: 'taskId must be a UUID' });

const oneOf = (name: string, values: readonly string[]) => ({ error: `${name} must be one of: ${values.join(', ')}` });
const text = (name: string, min: number, max: number) =>
  safeText({ error: `${name} must be a string` })
    .trim()
    .min(min, `${name} must be ${min}–${max} characters`)
    .max(max, `${name} must be ${min}–${max} characters`);
/** Optional free text: absent or blank is recorded as null. */
const note = (name: string, max: number) =>
  safeText({ error: `${name} must be a string` })
    .trim()
    .max(max, `${name} must be at most ${max} characters`)
    .optional()
    .transform((value) => value || null);

export const createVentureSchema = z.object({ name: text('name', 2, 120) }).strict();

export const postTaskSchema = z
  .object({
    title: text('title', 3, 200),
    tier: z.enum(TASK_TIERS, oneOf('tier', TASK_TIERS)),
    kind: z.enum(TASK_KINDS, oneOf('kind', TASK_KINDS)),
    severity: z.enum(BUG_SEVERITIES, oneOf('severity', BUG_SEVERITIES)).nullable().optional(),
  })
  .strict()
  .refine((task) => task.kind !== 'bug' || task.severity, {
    path: ['severity'],
    error: 'severity is required for a bug',
  })
  .refine((task) => task.kind === 'bug' || !task.severity, { path: ['severity'], error: 'severity is only for bugs' })
  .transform((task) => ({ ...task, severity: task.severity ?? null }));

/** Bodies that may be left out entirely; if sent, they are still checked strictly. */
export const claimTaskSchema = z.object({}).strict().optional();
export const submitTaskSchema = z
  .object({ note: note('note', 5000) })
  .strict()
  .optional();
export const acceptTaskSchema = z
  .object({
    helpfulReviewerIds: z
      .array(z.uuid({ error: 'helpfulReviewerIds must hold user ids (UUIDs)' }))
      .max(100)
      .optional(),
  })
  .strict()
  .optional();

export const reviewTaskSchema = z
  .object({
    quality: z
      .int({ error: 'quality must be a whole number from 1 to 5' })
      .min(1, 'quality must be 1–5')
      .max(5, 'quality must be 1–5'),
    verdict: z.enum(REVIEW_VERDICTS, oneOf('verdict', REVIEW_VERDICTS)),
    comment: note('comment', 2000),
  })
  .strict();
