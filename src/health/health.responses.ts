import { z } from 'zod';
import { instant } from '../platform/http/response-fields';
import { jobHealthSchema } from '../jobs/jobs.responses';
import { projectionFailureSchema, projectionRunStateSchema } from '../ledger/http/ledger-status.responses';

const probe = z.strictObject({
  ok: z.boolean(),
  latencyMs: z.number().int().nonnegative(),
  error: z.string().optional(),
});

const failedFollower = projectionFailureSchema.extend({ name: z.string() });

/** A read model's or process manager's runner, from its checkpoint row. */
const follower = (kind: 'projection' | 'reactor') =>
  z.strictObject({
    kind: z.literal(kind),
    name: z.string(),
    status: projectionRunStateSchema,
    position: z.string().nullable(),
    eventsApplied: z.number().int().nonnegative(),
    updatedAt: instant,
    leader: z.boolean(),
    failure: projectionFailureSchema.nullable(),
  });

/** The same body answers 200 (`ok`) and 503 (`starting`, `unavailable`, `degraded`). */
export const healthSchema = z
  .strictObject({
    status: z.enum(['ok', 'starting', 'unavailable', 'degraded']),
    database: probe,
    eventStore: probe.extend({ kind: z.enum(['eventstoredb', 'postgres']) }),
    failedProjections: z.array(failedFollower),
    failedReactors: z.array(failedFollower),
    projections: z.array(follower('projection')),
    reactors: z.array(follower('reactor')),
    jobs: z.array(jobHealthSchema),
  })
  .meta({ description: 'Answered with 200 when status is ok, 503 otherwise.' });
