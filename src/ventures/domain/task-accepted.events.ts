/**
 * The fact the earning loop reacts to: a task's work was accepted. Recorded on `task-<taskId>`
 * by the venture owner in the portal, or by an integration (POST /api/v1/events/task/accepted),
 * with event id derivedId('task-accepted', taskId) so a task is accepted at most once whichever
 * path gets there first. Both paths write it through acceptTaskOnce() in
 * src/ventures/commands/accept-task-once.ts. The process manager turns it into BUZ and XP.
 */
export const TASK_TIERS = ['S', 'A', 'B', 'C'] as const;
export type TaskTier = (typeof TASK_TIERS)[number];

export interface TaskAcceptedData {
  [key: string]: string | number | string[] | null;
  taskId: string;
  ventureId: string;
  assigneeId: string;
  tier: TaskTier;
  /** Review quality 1–5 that the issuance formula uses. */
  quality: number;
  reviewerIds: string[];
  /** Reviewers whose review the owner marked helpful; they earn review XP. */
  helpfulReviewerIds: string[];
  /** ISO-8601 UTC, as the integration or the portal gives it; the daily cap counts by the day the event was recorded. */
  acceptedAt: string;
  source: 'portal' | 'integration';
}

export const taskStream = (taskId: string) => `task-${taskId}`;
