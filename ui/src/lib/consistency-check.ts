/**
 * The auditor's consistency check between two signed checkpoints they picked (#16 §8): the newer
 * log still holds the older one unchanged, as RFC 9162 §2.1.4 proves. Everything that decides
 * the verdict is computed here: the roots come from the signed checkpoints, not from the
 * server's answer, so a server that rewrote history can't talk its way past the check.
 */
import type { ConsistencyProof, PublicKey, SignedCheckpoint } from './api/audit-types.js';
import { isConsistentKey, verifyCheckpointSignature } from './checkpoint-signature.js';
import { hexToBytes, verifyConsistency, type Bytes } from './merkle.js';

export interface ConsistencyStep {
  id: 'key' | 'signatures' | 'sizes' | 'proof';
  label: string;
  ok: boolean;
  detail: string;
}

export interface ConsistencyVerdict {
  verified: boolean;
  steps: ConsistencyStep[];
}

/** Every step runs even after a failure, so the auditor sees each one. */
export async function checkConsistency(
  older: SignedCheckpoint,
  newer: SignedCheckpoint,
  answer: ConsistencyProof,
  key: PublicKey,
): Promise<ConsistencyVerdict> {
  const steps: ConsistencyStep[] = [];
  const keyOk = await isConsistentKey(key);
  steps.push({ id: 'key', label: 'Public key matches its key id', ok: keyOk, detail: `key id ${key.keyId}` });

  const signed = [await verifyCheckpointSignature(older, key), await verifyCheckpointSignature(newer, key)];
  steps.push({
    id: 'signatures',
    label: 'Both checkpoints are signed by the key (ECDSA P-256)',
    ok: signed.every(Boolean),
    detail: `${older.treeSize} leaves: ${signed[0] ? 'valid' : 'INVALID'}; ${newer.treeSize} leaves: ${signed[1] ? 'valid' : 'INVALID'}`,
  });

  const sizesOk =
    older.treeSize <= newer.treeSize && answer.fromTreeSize === older.treeSize && answer.toTreeSize === newer.treeSize;
  steps.push({
    id: 'sizes',
    label: 'The proof is for the two tree sizes picked, older first',
    ok: sizesOk,
    detail: `asked ${older.treeSize} → ${newer.treeSize}, proof for ${answer.fromTreeSize} → ${answer.toTreeSize}`,
  });

  const path = answer.proof.map(hexToBytes);
  const olderRoot = hexToBytes(older.rootHash);
  const newerRoot = hexToBytes(newer.rootHash);
  const proofOk =
    path.every((node): node is Bytes => node !== null) &&
    olderRoot !== null &&
    newerRoot !== null &&
    (await verifyConsistency(older.treeSize, newer.treeSize, path, olderRoot, newerRoot));
  steps.push({
    id: 'proof',
    label: `Consistency path (${answer.proof.length} nodes) leads to both signed roots`,
    ok: proofOk,
    detail: proofOk
      ? `the first ${older.treeSize} leaves of the newer tree are exactly the older tree`
      : 'the path does not connect the two signed roots: the log was rewritten, or the proof is wrong',
  });

  return { verified: steps.every((step) => step.ok), steps };
}
