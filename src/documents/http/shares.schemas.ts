import { z } from 'zod';
import { text } from './documents.schemas';

export const shareSchema = z
  .object({
    toUserId: z.uuid({ error: 'toUserId must be a UUID' }).optional(),
    clientId: z.uuid({ error: 'clientId must be a UUID' }).optional(),
    canView: z.boolean({ error: 'canView must be true or false' }).default(true),
    canComment: z.boolean({ error: 'canComment must be true or false' }).default(false),
    canSign: z.boolean({ error: 'canSign must be true or false' }).default(false),
    expiresAt: z.iso
      .datetime({ offset: false, error: 'expiresAt must be an ISO-8601 UTC time' })
      .optional()
      .transform((value) => (value ? new Date(value).toISOString() : null)),
  })
  .strict()
  .refine((share) => (share.toUserId === undefined) !== (share.clientId === undefined), {
    error: 'Give exactly one of toUserId and clientId',
    path: ['toUserId'],
  })
  .refine((share) => share.canView || share.canComment || share.canSign, {
    error: 'A share must allow something',
    path: ['canView'],
  });

export const commentSchema = z.object({ body: text('body', 1, 5000) }).strict();
