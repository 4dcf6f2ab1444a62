import { z } from 'zod';
import { instant } from '../../platform/http/response-fields';
import { TASK_TIERS } from '../domain/task-accepted.events';
import { BUG_SEVERITIES, REVIEW_VERDICTS, TASK_KINDS, TASK_STATUSES } from '../domain/task.events';

/** The success bodies of the venture and task routes. */

const taskStatus = z.enum(TASK_STATUSES);

export const ventureCreatedSchema = z.strictObject({ ventureId: z.uuid() });
export const taskPostedSchema = z.strictObject({ taskId: z.uuid() });

export const ventureSchema = z.strictObject({
  ventureId: z.uuid(),
  name: z.string(),
  ownerId: z.uuid(),
  createdAt: instant,
  openTasks: z.number().int().nonnegative().meta({ description: 'Tasks not accepted yet.' }),
  doneTasks: z.number().int().nonnegative(),
});
export const venturesSchema = z.array(ventureSchema);

const taskSummary = z.strictObject({
  taskId: z.uuid(),
  ventureId: z.uuid(),
  title: z.string(),
  tier: z.enum(TASK_TIERS),
  kind: z.enum(TASK_KINDS),
  severity: z.enum(BUG_SEVERITIES).nullable().meta({ description: 'Set for bugs only.' }),
  status: taskStatus,
  assigneeId: z.uuid().nullable(),
  round: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'Submissions so far; a review judges the submission of its round.' }),
  postedAt: instant,
  acceptedAt: instant.nullable(),
});

export const ventureWithTasksSchema = ventureSchema.extend({
  tasks: z
    .array(taskSummary.extend({ reviewCount: z.number().int().nonnegative() }))
    .meta({ description: 'Oldest first.' }),
});

const taskReview = z.strictObject({
  reviewerId: z.uuid(),
  quality: z.number().int().min(1).max(5),
  verdict: z.enum(REVIEW_VERDICTS),
  comment: z.string().nullable(),
  round: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'The submission it judged. Only reviews of the current round count towards acceptance.' }),
  reviewedAt: instant,
});
export const taskSchema = taskSummary.extend({
  reviews: z.array(taskReview).meta({ description: "Every round's reviews, oldest first." }),
});

/** The status a task step left the task in. */
export const taskStepSchema = z.strictObject({ taskId: z.uuid(), status: taskStatus });

export const taskAcceptanceSchema = z.strictObject({
  taskId: z.string().meta({ description: "A portal task's UUID, or the integration's own task id." }),
  ventureId: z.uuid(),
  assigneeId: z.uuid(),
  tier: z.enum(TASK_TIERS),
  quality: z
    .number()
    .int()
    .min(1)
    .max(5)
    .meta({ description: 'The rounded mean of the approving reviews of the accepted submission.' }),
  reviewerIds: z.array(z.uuid()),
  helpfulReviewerIds: z.array(z.uuid()),
  acceptedAt: instant,
  source: z.enum(['portal', 'integration']),
});
