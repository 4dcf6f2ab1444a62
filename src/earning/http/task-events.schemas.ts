import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { TASK_TIERS } from '../../ventures/domain/task-accepted.events';
import { DomainError } from '../../shared-kernel/domain-error';

/** What an integration sends when a task was accepted in its own tool. */
export const taskAcceptedBodySchema = z
  .object({
    taskId: safeText().regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'taskId must be 1–100 characters of A–Z, a–z, 0–9, . _ : -'),
    ventureId: z.uuid({ error: 'ventureId must be a UUID' }),
    assigneeId: z.uuid({ error: 'assigneeId must be a UUID' }),
    tier: z.enum(TASK_TIERS, { error: 'tier must be one of S, A, B, C' }),
    quality: z.number({ error: 'quality must be a number' }).int().min(1).max(5),
    reviewerIds: z
      .array(z.uuid({ error: 'reviewerIds must be UUIDs' }))
      .min(1, 'at least one reviewer')
      .max(20),
    acceptedAt: z.iso.datetime({ error: 'acceptedAt must be an ISO-8601 UTC timestamp such as 2026-11-24T09:15:00Z' }),
  })
  .strict()
  .refine((body) => !body.reviewerIds.includes(body.assigneeId), {
    error: 'the assignee cannot review their own task',
    path: ['reviewerIds'],
  })
  .refine((body) => new Set(body.reviewerIds).size === body.reviewerIds.length, {
    error: 'reviewerIds must not repeat',
    path: ['reviewerIds'],
  });

/** An integration reports an acceptance from the last week, and a clock at most a little ahead of ours. */
export const ACCEPTED_AT_MAX_AGE_MS = 7 * 86_400_000;
export const ACCEPTED_AT_MAX_AHEAD_MS = 5 * 60_000;

/**
 * acceptedAt is the integration's word, kept as information: the daily cap counts by the day the
 * ledger records the acceptance. The window still refuses dates no real acceptance can have.
 */
export function requireAcceptedAtInWindow(acceptedAt: string, now: Date): void {
  const atMs = Date.parse(acceptedAt);
  const [earliestMs, latestMs] = [now.getTime() - ACCEPTED_AT_MAX_AGE_MS, now.getTime() + ACCEPTED_AT_MAX_AHEAD_MS];
  if (atMs >= earliestMs && atMs <= latestMs) return;
  const [at, earliest, latest] = [atMs, earliestMs, latestMs].map((ms) => new Date(ms).toISOString());
  throw new DomainError(
    'ACCEPTED_AT_OUT_OF_RANGE',
    `acceptedAt must lie between ${earliest} and ${latest} (the last 7 days up to 5 minutes ahead, server time); got ${at}`,
    {
      acceptedAt: at,
      earliest,
      latest,
    },
  );
}
