import { z } from 'zod';
import { signedCheckpointSchema } from '../checkpoints/checkpoint';

/**
 * The auditor's export bundle: one directory, four files. Documented for independent verifiers
 * in README "Auditors"; any change here is a new BUNDLE_FORMAT.
 */
export const BUNDLE_FORMAT = 'smartstart-audit-bundle/1';

export const BUNDLE_FILES = {
  events: 'events.jsonl',
  checkpoints: 'checkpoints.jsonl',
  publicKey: 'public-key.json',
  manifest: 'manifest.json',
} as const;

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/);

/** One event, in feed order: every stored column, plus the leaf the sealer gave it. */
export const bundleEventSchema = z.strictObject({
  txId: decimal,
  globalPosition: decimal,
  streamId: z.string().min(1),
  revision: decimal,
  eventId: z.string().min(1),
  type: z.string().min(1),
  dataText: z.string(),
  metadataText: z.string(),
  prevHash: hex32,
  hash: hex32,
  recordedAt: z.string(),
  leafIndex: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).nullable(),
  leafHash: hex32.nullable(),
});
export type BundleEvent = z.infer<typeof bundleEventSchema>;

/** One CheckpointSigned event of `ledger-checkpoints`, oldest first. */
export const bundleCheckpointSchema = signedCheckpointSchema.extend({
  revision: decimal,
  eventId: z.string().min(1),
  signedAt: z.string(),
});
export type BundleCheckpoint = z.infer<typeof bundleCheckpointSchema>;

export const bundlePublicKeySchema = z.strictObject({
  algorithm: z.literal('ECDSA-P256-SHA256'),
  keyId: hex32,
  publicKey: z.string().regex(/^04[0-9a-f]{128}$/),
});
export type BundlePublicKey = z.infer<typeof bundlePublicKeySchema>;

const fileEntrySchema = z.strictObject({ bytes: z.number().int().nonnegative(), sha256: hex32 });

export const bundleManifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  origin: z.string(),
  exportedAt: z.string(),
  counts: z.strictObject({ events: z.number().int(), sealedEvents: z.number().int(), checkpoints: z.number().int() }),
  files: z.strictObject({
    [BUNDLE_FILES.events]: fileEntrySchema,
    [BUNDLE_FILES.checkpoints]: fileEntrySchema,
    [BUNDLE_FILES.publicKey]: fileEntrySchema,
  }),
});
export type BundleManifest = z.infer<typeof bundleManifestSchema>;
export type BundleFileEntry = z.infer<typeof fileEntrySchema>;
