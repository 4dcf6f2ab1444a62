import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { TASK_TIERS } from '../domain/task-accepted.events';
import { BUG_SEVERITIES, REVIEW_VERDICTS, TASK_KINDS, TASK_SKILLS_MAX } from '../domain/task.events';

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

/** At most this many founders: a founding team, not a shareholder register. */
const FOUNDERS_MAX = 20;

const founder = z
  .object({
    userId: z.uuid({ error: 'founders[].userId must be a user id (UUID)' }),
    bps: safeText({ error: 'founders[].bps must be whole basis points written as a string, e.g. "2500"' })
      .regex(/^[1-9][0-9]{0,4}$/, 'founders[].bps must be 1–10000 basis points written as a string, e.g. "2500"')
      .refine((bps) => BigInt(bps) <= 10_000n, 'founders[].bps must be at most 10000'),
  })
  .strict();

export const createVentureSchema = z
  .object({
    name: text('name', 2, 120),
    founders: z
      .array(founder)
      .max(FOUNDERS_MAX, `founders may name at most ${FOUNDERS_MAX} people`)
      .default([])
      .refine((founders) => new Set(founders.map((one) => one.userId)).size === founders.length, {
        error: 'founders must name each person once',
      })
      .refine((founders) => founders.reduce((sum, one) => sum + BigInt(one.bps), 0n) <= 10_000n, {
        error: 'founders may hold at most 10000 bp (100 %) together',
      }),
  })
  .strict();

export const postTaskSchema = z
  .object({
    title: text('title', 3, 200),
    tier: z.enum(TASK_TIERS, oneOf('tier', TASK_TIERS)),
    kind: z.enum(TASK_KINDS, oneOf('kind', TASK_KINDS)),
    severity: z.enum(BUG_SEVERITIES, oneOf('severity', BUG_SEVERITIES)).nullable().optional(),
    description: note('description', 5000),
    acceptanceCriteria: note('acceptanceCriteria', 5000),
    dueDate: z.iso
      .date({ error: 'dueDate must be a calendar day, YYYY-MM-DD' })
      .nullable()
      .optional()
      .transform((day) => day ?? null),
    skills: z
      .array(
        safeText({ error: 'skills[] must be skill slugs' }).regex(
          /^[a-z0-9][a-z0-9-]{0,39}$/,
          'skills[] must be skill slugs (1–40 characters of a–z, 0–9 and -; see GET /api/v1/skills)',
        ),
        { error: 'skills must be a list of skill slugs' },
      )
      .max(TASK_SKILLS_MAX, `skills may name at most ${TASK_SKILLS_MAX} skills`)
      .refine((skills) => new Set(skills).size === skills.length, { error: 'skills must name each skill once' })
      .default([]),
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
/** A link to the work: http(s) only, so the portal never renders a javascript: or data: URL. */
const workLink = safeText({ error: 'links[] must be URLs' })
  .trim()
  .max(2000, 'links[] must be at most 2000 characters each')
  .pipe(z.url({ protocol: /^https?$/, error: 'links[] must be http or https URLs' }));

export const submitTaskSchema = z
  .object({
    note: note('note', 5000),
    links: z.array(workLink).max(10, 'links may hold at most 10 URLs').default([]),
  })
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
