import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { TASK_TIERS } from '../../ventures/domain/task-accepted';

/** What an integration sends when a task was accepted in its own tool. */
export const taskAcceptedBodySchema = z
  .object({
    taskId: safeText().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'taskId must be 1–100 characters of A–Z, a–z, 0–9, . _ : -'),
    ventureId: z.uuid({ error: 'ventureId must be a UUID' }),
    assigneeId: z.uuid({ error: 'assigneeId must be a UUID' }),
    tier: z.enum(TASK_TIERS, { error: 'tier must be one of S, A, B, C' }),
    quality: z.number({ error: 'quality must be a number' }).int().min(1).max(5),
    reviewerIds: z.array(z.uuid({ error: 'reviewerIds must be UUIDs' })).min(1, 'at least one reviewer').max(20),
    acceptedAt: z.iso.datetime({ error: 'acceptedAt must be an ISO-8601 UTC timestamp such as 2026-11-24T09:15:00Z' }),
  })
  .strict()
  .refine((body) => !body.reviewerIds.includes(body.assigneeId), { message: 'the assignee cannot review their own task', path: ['reviewerIds'] })
  .refine((body) => new Set(body.reviewerIds).size === body.reviewerIds.length, { message: 'reviewerIds must not repeat', path: ['reviewerIds'] });
