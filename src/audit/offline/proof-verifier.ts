import { z } from 'zod';
import { checkContent } from '../../platform/chain/chain-verifier';
import { leafHash } from '../../platform/chain/merkle';
import { verifyInclusion } from '../../platform/chain/merkle-proofs';
import { signedCheckpointSchema } from '../checkpoints/checkpoint';
import { verifyCheckpointSignature, type PublicSigningKey } from '../checkpoints/signing-key';
import { CHAIN_DETAILS } from '../verification/log-break';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

/** The inclusion proof the auditor API returns (GET /api/v1/audit/proofs/inclusion/:eventId). */
export const inclusionProofFileSchema = z.object({
  event: z.object({
    streamId: z.string(),
    revision: z.string().regex(/^(0|[1-9][0-9]*)$/),
    eventId: z.string(),
    type: z.string(),
    dataText: z.string(),
    metadataText: z.string(),
    prevHash: hex32,
    hash: hex32,
  }),
  leafIndex: z.number().int().nonnegative(),
  treeSize: z.number().int().positive(),
  proof: z.array(hex32),
  checkpoint: signedCheckpointSchema.loose(),
});

export interface ProofVerdict {
  status: 'VERIFIED' | 'REJECTED';
  /** Why it was rejected; null when verified. */
  reason: string | null;
}

/**
 * Checks an inclusion proof with nothing but the trusted public key: the checkpoint's signature,
 * the event's hash from its content, and the path from its leaf to the signed root. Any failure
 * means the event, as given, is not in the log the key signed.
 */
export function verifyInclusionProofFile(input: unknown, key: PublicSigningKey): ProofVerdict {
  const parsed = inclusionProofFileSchema.safeParse(input);
  if (!parsed.success)
    return rejected(
      `not an inclusion proof: ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}`,
    );
  const { event, leafIndex, treeSize, proof, checkpoint } = parsed.data;
  if (!verifyCheckpointSignature(checkpoint, key)) {
    return rejected(`the checkpoint (tree size ${checkpoint.treeSize}) is not signed by key ${key.keyId}`);
  }
  if (checkpoint.treeSize !== treeSize)
    return rejected(`the proof is for tree size ${treeSize} but the checkpoint is for ${checkpoint.treeSize}`);
  // The same per-event checks as full verification: representable text, the hash, RFC 8785 form.
  const content = checkContent({ ...event, revision: BigInt(event.revision) });
  if (content?.problem === 'HASH_MISMATCH')
    return rejected(`the event's content hashes to ${content.expected}, not to its stated hash ${event.hash}`);
  if (content) return rejected(`the event fails ${content.problem}: ${CHAIN_DETAILS[content.problem]}`);
  const leaf = leafHash(Buffer.from(event.hash, 'hex'));
  const path = proof.map((node) => Buffer.from(node, 'hex'));
  if (!verifyInclusion(leafIndex, treeSize, leaf, path, Buffer.from(checkpoint.rootHash, 'hex'))) {
    return rejected(
      `the proof does not lead from ${event.streamId} revision ${event.revision} as leaf ${leafIndex} to the signed root: this event is not in the log`,
    );
  }
  return { status: 'VERIFIED', reason: null };
}

function rejected(reason: string): ProofVerdict {
  return { status: 'REJECTED', reason };
}
