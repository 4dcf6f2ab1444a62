import { z } from 'zod';
import { instant, integerText } from '../../platform/http/response-fields';
import { NOTIFICATION_KINDS } from '../../../projections/notifications/notifications.contract';

/** A section of the dashboard: how many there are, and the first few (the oldest first, or the soonest). */
const section = <Item extends z.ZodType>(item: Item) =>
  z.strictObject({
    count: z.number().int().nonnegative(),
    items: z.array(item).meta({ description: 'At most 5; `count` tells how many there are in all.' }),
  });

const taskItem = z.strictObject({
  taskId: z.uuid(),
  ventureId: z.uuid(),
  ventureName: z.string(),
  title: z.string(),
  status: z.enum(['CLAIMED', 'SUBMITTED']),
  round: z
    .number()
    .int()
    .nonnegative()
    .meta({ description: 'Which submission the reviews judge (0 before the first).' }),
});

const voteItem = z.strictObject({
  conversionId: z.uuid(),
  windowId: z.uuid(),
  ventureId: z.uuid(),
  ventureName: z.string().nullable(),
  amountBuz: integerText,
  requestedAt: instant,
});

const signatureItem = z.strictObject({
  requestId: z.uuid(),
  documentId: z.uuid(),
  dueAt: instant.nullable(),
  requestedAt: instant,
});

const windowItem = z.strictObject({
  windowId: z.uuid(),
  ventureId: z.uuid(),
  ventureName: z.string().nullable(),
  status: z.enum(['SCHEDULED', 'OPEN']),
  opensAt: instant,
  closesAt: instant,
});

export const inboxSchema = z.strictObject({
  myTasks: section(taskItem).meta({ description: 'Tasks you claimed and that are not accepted yet.' }),
  reviewsToDo: section(taskItem).meta({
    description: "Submitted work you may review and haven't (not yours, not in a venture you own).",
  }),
  submissionsToAccept: section(taskItem).meta({ description: 'Submitted work in the ventures you own.' }),
  votesPending: section(voteItem)
    .nullable()
    .meta({ description: "Conversion requests you haven't voted on; null unless you are on the board." }),
  signatureRequests: section(signatureItem).meta({ description: 'Signature requests waiting for your signature.' }),
  windowsOpen: section(windowItem).meta({ description: 'Conversion windows open now, closing soonest first.' }),
  windowsUpcoming: section(windowItem).meta({ description: 'Windows scheduled to open, soonest first.' }),
  unreadNotifications: z.number().int().nonnegative(),
});

const notificationItem = z.strictObject({
  notificationId: z.uuid().meta({ description: 'The id of the event that notified you.' }),
  kind: z.enum(NOTIFICATION_KINDS),
  subjectId: z.string().nullable().meta({
    description: 'The task (BUZ_ARRIVED, REVIEW_ARRIVED), request (REQUEST_DECIDED) or window (WINDOW_OPENED).',
  }),
  taskTitle: z.string().nullable(),
  ventureId: z.uuid().nullable(),
  ventureName: z.string().nullable(),
  amountBuz: integerText.nullable().meta({ description: 'BUZ_ARRIVED: how much.' }),
  outcome: z
    .string()
    .nullable()
    .meta({ description: "REVIEW_ARRIVED: the verdict; REQUEST_DECIDED: 'APPROVED' or 'REJECTED'." }),
  createdAt: instant,
  read: z.boolean(),
});

export const notificationsSchema = z.strictObject({
  unread: z.number().int().nonnegative(),
  items: z.array(notificationItem).meta({ description: 'Newest first.' }),
});

export const unreadSchema = z.strictObject({ unread: z.number().int().nonnegative() });
