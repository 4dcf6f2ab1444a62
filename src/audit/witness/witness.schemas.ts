import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';

const treeSize = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const hex = (bytes: number) => safeText().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));

export const witnessCheckpointQuerySchema = z.strictObject({ treeSize: treeSize.optional() });
export const witnessConsistencyQuerySchema = z.strictObject({ from: treeSize, to: treeSize });
/** A witness's answer, as a tlog-witness add-checkpoint response: one signature line, for one checkpoint. */
export const addCosignatureSchema = z.strictObject({
  treeSize: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  cosignature: safeText().min(1).max(300),
});

const cosignatureViewSchema = z.object({
  witness: z.string(),
  keyId: hex(4),
  treeSize: z.number().int(),
  cosignedAt: z.iso.datetime(),
});

export const notedCheckpointResponseSchema = z.object({
  origin: z.string(),
  treeSize: z.number().int().nonnegative(),
  rootHash: hex(32),
  signedAt: z.string(),
  note: z.string(),
  logKey: z.string(),
  cosignatures: z.array(cosignatureViewSchema),
});
export const cosignatureResponseSchema = cosignatureViewSchema;
export const witnessConsistencyResponseSchema = z.object({
  fromTreeSize: z.number().int(),
  toTreeSize: z.number().int(),
  /** Hex nodes, RFC 9162 §2.1.4. */
  proof: z.array(hex(32)),
});
export const witnessStatusResponseSchema = z.object({
  logKey: z.string(),
  witnesses: z.array(
    z.object({
      witness: z.string(),
      keyId: hex(4),
      lastCosigned: z.object({ treeSize: z.number().int(), cosignedAt: z.iso.datetime() }).nullable(),
      cosignedLatest: z.boolean(),
    }),
  ),
});
