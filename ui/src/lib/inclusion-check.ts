import type { InclusionProof, ProvenEvent, PublicKey } from './api/audit-types.js';
import { canonicalEnvelope } from '../../../src/platform/chain/event-envelope.js';
import { isConsistentKey, verifyCheckpointSignature } from './checkpoint-signature.js';
import { eventFieldProblem } from './event-fields.js';
import { bytesToHex, hexToBytes, leafHash, rootFromInclusionProof, sha256, type Bytes } from './merkle.js';

export interface CheckStep {
  id: 'key' | 'event-hash' | 'leaf' | 'root' | 'signature';
  label: string;
  ok: boolean;
  detail: string;
}

export interface InclusionVerdict {
  verified: boolean;
  steps: CheckStep[];
}

/**
 * hash = SHA-256(prevHash ‖ UTF-8(envelope)), the envelope built by the same canonicalEnvelope()
 * the server and the CLI use (docs/AUDIT-BUNDLE.md §2). Null when the event's fields fail
 * eventFieldProblem(): those are not hashed at all.
 */
export async function recomputeEventHash(event: ProvenEvent): Promise<string | null> {
  if (eventFieldProblem(event) !== null) return null;
  const envelope = canonicalEnvelope({ ...event, revision: BigInt(event.revision) });
  return bytesToHex(await sha256(hexToBytes(event.prevHash) as Bytes, new TextEncoder().encode(envelope)));
}

/**
 * Checks an inclusion proof in this browser: the key is the one its id names, the event's
 * content gives its hash, the audit path leads from its leaf to the checkpoint's root, and the
 * checkpoint is signed by the key. `shownHash` is the hash the stream view showed, so the proof
 * is about that event and not another. Every step runs even after a failure, to show them all.
 */
export async function checkInclusion(
  proof: InclusionProof,
  key: PublicKey,
  shownHash: string,
): Promise<InclusionVerdict> {
  const { event, checkpoint } = proof;
  const steps: CheckStep[] = [];
  const keyOk = await isConsistentKey(key);
  steps.push({ id: 'key', label: 'Public key matches its key id', ok: keyOk, detail: `key id ${key.keyId}` });

  const fieldProblem = event ? eventFieldProblem(event) : 'the proof carries no event';
  const recomputed = event && fieldProblem === null ? await recomputeEventHash(event) : null;
  const hashOk = event !== null && recomputed === event.hash && event.hash === shownHash;
  steps.push({
    id: 'event-hash',
    label: 'Event content hashes to the hash in the stream',
    ok: hashOk,
    detail: recomputed ? `SHA-256(prev hash ‖ event) = ${recomputed}` : `not hashed: ${fieldProblem}`,
  });

  // Only a well-formed 32-byte event hash has a leaf, and it must be the leaf the proof names.
  const leaf = event && fieldProblem === null ? await leafHash(hexToBytes(event.hash) as Bytes) : null;
  const leafOk = leaf !== null && bytesToHex(leaf) === proof.leafHash;
  const leafDetail = leaf
    ? leafOk
      ? bytesToHex(leaf)
      : `${bytesToHex(leaf)}, but the proof names leaf ${proof.leafHash}`
    : `no leaf: ${fieldProblem}`;
  steps.push({
    id: 'leaf',
    label: `Leaf ${proof.leafIndex} = SHA-256(0x00 ‖ event hash)`,
    ok: leafOk,
    detail: leafDetail,
  });

  const path = proof.proof.map(hexToBytes);
  const root =
    leaf && path.every((node) => node !== null)
      ? await rootFromInclusionProof(proof.leafIndex, proof.treeSize, leaf, path)
      : null;
  const rootOk =
    root !== null &&
    checkpoint !== null &&
    checkpoint.treeSize === proof.treeSize &&
    bytesToHex(root) === checkpoint.rootHash;
  steps.push({
    id: 'root',
    label: `Audit path (${proof.proof.length} nodes) leads to the checkpoint's root`,
    ok: rootOk,
    detail: root
      ? `recomputed root ${bytesToHex(root)} for ${proof.treeSize} leaves`
      : 'the path does not fit a tree of this size',
  });

  const signatureOk = checkpoint !== null && (await verifyCheckpointSignature(checkpoint, key));
  steps.push({
    id: 'signature',
    label: 'Checkpoint signature (ECDSA P-256) verifies',
    ok: signatureOk,
    detail: checkpoint
      ? `checkpoint of ${checkpoint.treeSize} leaves, root ${checkpoint.rootHash}`
      : 'no signed checkpoint of this tree size',
  });

  return { verified: steps.every((step) => step.ok), steps };
}
