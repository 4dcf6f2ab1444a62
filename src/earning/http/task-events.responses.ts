import { z } from 'zod';
import { taskAcceptanceSchema } from '../../ventures/http/ventures.responses';

/** The first acceptance of the task, whichever path (portal or integration) recorded it. */
export const taskAcceptedResponseSchema = z.strictObject({
  taskId: z.string(),
  alreadyAccepted: z
    .boolean()
    .meta({ description: 'True when the task was accepted before this request: `accepted` is that first acceptance.' }),
  accepted: taskAcceptanceSchema,
});
