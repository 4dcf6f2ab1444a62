import { z } from 'zod';
import { chainBreakSchema } from '../../ledger/http/ledger-status.responses';
import { hexBytes, instant, integerText } from '../../platform/http/response-fields';
import { bundleCheckpointSchema, bundlePublicKeySchema } from '../offline/bundle-format';

/** The success bodies of the auditor API. Hashes, keys and signatures are lowercase hex. */

export { bundlePublicKeySchema as publicKeySchema };
const loggedCheckpoint = bundleCheckpointSchema;

export const checkpointPageSchema = z.strictObject({
  checkpoints: z.array(loggedCheckpoint).meta({ description: 'Newest first.' }),
  nextBefore: integerText
    .nullable()
    .meta({ description: 'Pass back as `before` for older ones; null on the last page.' }),
});

/** An event with everything needed to recompute its hash. */
const provenEvent = z.strictObject({
  streamId: z.string(),
  revision: integerText,
  eventId: z.string(),
  type: z.string(),
  dataText: z.string().meta({ description: 'The exact RFC 8785 text that was hashed.' }),
  metadataText: z.string(),
  prevHash: hexBytes(32),
  hash: hexBytes(32),
});

export const inclusionProofSchema = z.strictObject({
  event: provenEvent.nullable(),
  leafIndex: z.number().int().nonnegative(),
  treeSize: z.number().int().positive(),
  leafHash: hexBytes(32),
  rootHash: hexBytes(32).meta({
    description: 'The root of the stored leaves; the signed one is `checkpoint.rootHash`.',
  }),
  proof: z.array(hexBytes(32)).meta({ description: 'Nodes from the leaf upwards (RFC 9162 §2.1.3).' }),
  checkpoint: loggedCheckpoint
    .nullable()
    .meta({ description: 'The signed checkpoint of this tree size, when there is one.' }),
});

export const consistencyProofSchema = z.strictObject({
  fromTreeSize: z.number().int().nonnegative(),
  toTreeSize: z.number().int().nonnegative(),
  fromRootHash: hexBytes(32),
  toRootHash: hexBytes(32),
  proof: z.array(hexBytes(32)),
  fromCheckpoint: loggedCheckpoint.nullable(),
  toCheckpoint: loggedCheckpoint.nullable(),
});

const logBreak = z.strictObject({
  problem: z.string(),
  streamId: z.string().nullable(),
  revision: integerText.nullable(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  detail: z.string().meta({ description: 'One sentence for people.' }),
  context: z.record(z.string(), z.unknown()).optional(),
});
const signedCheckpoint = bundleCheckpointSchema.pick({
  origin: true,
  treeSize: true,
  rootHash: true,
  keyId: true,
  signature: true,
});

export const verificationRunSchema = z.strictObject({
  id: z.uuid(),
  status: z.enum(['RUNNING', 'VERIFIED', 'BROKEN', 'FAILED']),
  startedAt: instant,
  finishedAt: instant.nullable(),
  eventsChecked: z.number().int().nonnegative(),
  eventsTotal: z.number().int().nonnegative(),
  report: z
    .strictObject({
      status: z.enum(['VERIFIED', 'BROKEN']),
      eventsChecked: z.number().int().nonnegative(),
      streamsChecked: z.number().int().nonnegative(),
      leavesChecked: z.number().int().nonnegative(),
      checkpointsChecked: z.number().int().nonnegative(),
      latestCheckpoint: signedCheckpoint
        .nullable()
        .meta({ description: 'The newest checkpoint that verified: what the whole log was held against.' }),
      firstBreak: logBreak.nullable(),
      durationMs: z.number().nonnegative(),
    })
    .nullable(),
  error: z.string().nullable(),
});

const streamListing = z.strictObject({
  streamId: z.string(),
  category: z.string(),
  eventCount: z.number().int().positive(),
  lastRevision: integerText,
  lastHash: hexBytes(32),
  lastEventType: z.string(),
  lastOccurredAt: instant,
});
export const streamPageSchema = z.strictObject({
  streams: z.array(streamListing),
  nextAfter: z
    .string()
    .nullable()
    .meta({ description: 'Pass back as `after` for the next page; null on the last page.' }),
});

export const streamEventsSchema = z.strictObject({
  streamId: z.string(),
  events: z.array(provenEvent.extend({ occurredAt: instant })),
});

const fieldValue = z.union([z.string(), z.boolean(), z.array(z.string()).readonly(), z.null()]);
const crossCheck = z.strictObject({
  checked: z
    .boolean()
    .meta({ description: 'False when nothing was compared: not at the head, or no read model for this category.' }),
  matches: z.boolean().meta({ description: 'True only when a comparison ran and found no difference.' }),
  differences: z.array(z.strictObject({ field: z.string(), replayed: fieldValue, readModel: fieldValue })),
  readModel: z.string().nullable(),
  reason: z.string().nullable().meta({ description: 'Why no comparison ran; null when it did.' }),
});
export const streamReplaySchema = z.strictObject({
  streamId: z.string(),
  category: z.string(),
  revision: integerText.nullable().meta({
    description: 'The revision of the last event applied; null when none was (a moment before the stream began).',
  }),
  headRevision: integerText,
  at: instant
    .nullable()
    .meta({ description: 'The moment asked for; without one, when the last applied event occurred.' }),
  lastEventAt: instant.nullable(),
  eventsApplied: z.number().int().nonnegative(),
  state: z.unknown().meta({ description: "The stream's state after the replayed events, as JSON." }),
  crossCheck,
});
export const categoryReplaySchema = z.strictObject({
  category: z.string(),
  at: instant.nullable(),
  streams: z.array(
    z.union([
      streamReplaySchema,
      z.strictObject({ streamId: z.string(), error: z.strictObject({ code: z.string(), message: z.string() }) }),
    ]),
  ),
  nextAfter: z.string().nullable(),
});

export const wormIntegritySchema = z.strictObject({
  lastCheck: z
    .strictObject({
      status: z.enum(['RUNNING', 'VERIFIED', 'BROKEN', 'FAILED']),
      startedAt: instant,
      finishedAt: instant.nullable(),
      eventsChecked: z.number().int().nonnegative(),
      streamsChecked: z.number().int().nonnegative(),
      firstBreak: chainBreakSchema.nullable(),
      error: z.string().nullable(),
    })
    .nullable()
    .meta({ description: 'The last finished run of the integrity job; null before the first.' }),
});

export const eventSearchSchema = z.strictObject({
  events: z
    .array(
      z.strictObject({
        globalPosition: integerText,
        streamId: z.string(),
        revision: integerText,
        eventId: z.string(),
        type: z.string(),
        recordedAt: instant,
        hash: hexBytes(32),
      }),
    )
    .meta({ description: 'In log order (global position).' }),
  nextAfter: integerText
    .nullable()
    .meta({ description: 'Pass back as `after` for the next page; null on the last page.' }),
});
