import { z } from 'zod';
import { eventFields as field } from '../../platform/event-store/event-fields';
import type { EventSchemasOf } from '../../platform/event-store/event-schemas';
import { TASK_TIERS } from './task-accepted.events';
import { BUG_SEVERITIES, REVIEW_VERDICTS, TASK_KINDS, TASK_SKILLS_MAX, type TaskEvent } from './task.events';
import type { VentureEvent } from './venture.events';

const quality = z.number().int().min(1).max(5);
/** A skill catalog slug (the people context's catalog decides which exist). */
const skillSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a skill slug');

export const ventureEventSchemas: EventSchemasOf<VentureEvent> = {
  VentureCreated: {
    version: 2,
    schema: z.strictObject({
      ventureId: field.id(),
      name: field.text(),
      ownerId: field.id(),
      founders: z.array(z.strictObject({ userId: field.id(), bps: field.wholeNumberText() })),
    }),
    // v2 (#16 §4): the founders' initial allocation; a venture created before had none recorded.
    upcasters: [(data) => ({ ...data, founders: [] })],
  },
};

export const taskEventSchemas: EventSchemasOf<TaskEvent> = {
  TaskPosted: {
    version: 3,
    schema: z.strictObject({
      taskId: field.id(),
      ventureId: field.id(),
      title: field.text(),
      tier: z.enum(TASK_TIERS),
      kind: z.enum(TASK_KINDS),
      severity: z.enum(BUG_SEVERITIES).nullable(),
      description: field.text().nullable(),
      acceptanceCriteria: field.text().nullable(),
      dueDate: field.utcDay().nullable(),
      skills: z.array(skillSlug).max(TASK_SKILLS_MAX),
    }),
    upcasters: [
      // v2 (#16): a task says what it is, how it is judged, and when it is wanted.
      (data) => ({ ...data, description: null, acceptanceCriteria: null, dueDate: null }),
      // v3 (#14 §2): the skills the work needs; a task posted before named none.
      (data) => ({ ...data, skills: [] }),
    ],
  },
  TaskClaimed: { version: 1, schema: z.strictObject({ assigneeId: field.id() }), upcasters: [] },
  TaskSubmitted: {
    version: 2,
    schema: z.strictObject({ note: field.text().nullable(), links: z.array(field.text()) }),
    // v2 (#16): the hand-in may point at the work (a pull request, a document).
    upcasters: [(data) => ({ ...data, links: [] })],
  },
  TaskReviewed: {
    version: 1,
    schema: z.strictObject({
      reviewerId: field.id(),
      quality,
      verdict: z.enum(REVIEW_VERDICTS),
      comment: field.text().nullable(),
    }),
    upcasters: [],
  },
  // The earning loop's contract (task-accepted.ts), written by the portal and by integrations alike.
  TaskAccepted: {
    version: 1,
    schema: z.strictObject({
      taskId: field.id(),
      ventureId: field.id(),
      assigneeId: field.id(),
      tier: z.enum(TASK_TIERS),
      quality,
      reviewerIds: z.array(field.id()),
      helpfulReviewerIds: z.array(field.id()),
      acceptedAt: field.instant(),
      source: z.enum(['portal', 'integration']),
    }),
    upcasters: [],
  },
};
