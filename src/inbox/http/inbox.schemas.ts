import { z } from 'zod';

export const notificationsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const notificationIdParamSchema = z.uuid({ error: 'notificationId must be a UUID' });
