import { z } from 'zod';
import { calendarDay, instant, integerText } from '../../platform/http/response-fields';
import { TASK_TIERS } from '../domain/task-accepted.events';
import { BUG_SEVERITIES, REVIEW_VERDICTS, TASK_KINDS, TASK_STATUSES } from '../domain/task.events';

/** The success bodies of the venture and task routes. */

const taskStatus = z.enum(TASK_STATUSES);

export const ventureCreatedSchema = z.strictObject({ ventureId: z.uuid() });
export const taskPostedSchema = z.strictObject({ taskId: z.uuid() });

const founder = z.strictObject({ userId: z.uuid(), bps: integerText });

export const ventureSchema = z.strictObject({
  ventureId: z.uuid(),
  name: z.string(),
  ownerId: z.uuid(),
  createdAt: instant,
  founders: z
    .array(founder)
    .meta({ description: "The founders' initial allocation in basis points (10,000 bp = 100 %)." }),
  openTasks: z.number().int().nonnegative().meta({ description: 'Tasks not accepted yet.' }),
  doneTasks: z.number().int().nonnegative(),
});
export const venturesSchema = z.array(ventureSchema);

const payoutPreview = z
  .strictObject({
    tierBaseBuz: integerText,
    minBuz: integerText.meta({ description: 'Quality 1 with the least credible reviewers.' }),
    maxBuz: integerText.meta({ description: 'Quality 5 with the most credible reviewers.' }),
    byQuality: z.array(
      z.strictObject({ quality: z.number().int().min(1).max(5), minBuz: integerText, maxBuz: integerText }),
    ),
  })
  .meta({
    description:
      "The issuance formula's preview for the task's tier while its reviewers are unknown: per quality, the BUZ with the least (credibility 0.7) and the most (1.1) credible reviewers. Before the daily cap and the payout gates.",
  });

const taskSummary = z.strictObject({
  taskId: z.uuid(),
  ventureId: z.uuid(),
  title: z.string(),
  tier: z.enum(TASK_TIERS),
  kind: z.enum(TASK_KINDS),
  severity: z.enum(BUG_SEVERITIES).nullable().meta({ description: 'Set for bugs only.' }),
  description: z.string().nullable(),
  acceptanceCriteria: z.string().nullable(),
  dueDate: calendarDay.nullable(),
  skills: z.array(z.string()).meta({
    description:
      "Skill catalog slugs the work needs. Once the task is accepted, the venture's owner may verify these skills of the assignee.",
  }),
  payout: payoutPreview,
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
const taskSubmission = z.strictObject({
  round: z.number().int().positive(),
  note: z.string().nullable(),
  links: z.array(z.string()),
  submittedAt: instant,
});
export const taskSchema = taskSummary.extend({
  reviews: z.array(taskReview).meta({ description: "Every round's reviews, oldest first." }),
  submissions: z.array(taskSubmission).nullable().meta({
    description:
      "The assignee's hand-ins (note and links), oldest first; null when the caller may not see them. Shown to the assignee, the venture's owner, anyone who reviewed the task, and any member while the task waits for review (every member but those two may review it then).",
  }),
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
