import type { InclusionProof, ProvenEvent, PublicKey } from './api/audit-types.js';
import { isConsistentKey, verifyCheckpointSignature } from './checkpoint-signature.js';
import { bytesToHex, hexToBytes, leafHash, rootFromInclusionProof, sha256 } from './merkle.js';

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
 * hash = SHA-256(prevHash ‖ UTF-8(JCS({streamId, revision, eventId, type, data, metadata}))),
 * built by concatenation as the server does (README "The export bundle", step 2): data and
 * metadata are stored as canonical text, and ids and types never need JSON escaping.
 */
export async function recomputeEventHash(event: ProvenEvent): Promise<string | null> {
  const prevHash = hexToBytes(event.prevHash);
  if (!prevHash || prevHash.length !== 32 || !/^(0|[1-9][0-9]*)$/.test(event.revision)) return null;
  const envelope =
    `{"data":${event.dataText},"eventId":"${event.eventId}","metadata":${event.metadataText},` +
    `"revision":${event.revision},"streamId":"${event.streamId}","type":"${event.type}"}`;
  return bytesToHex(await sha256(prevHash, new TextEncoder().encode(envelope)));
}

/**
 * Checks an inclusion proof in this browser: the key is the one its id names, the event's
 * content gives its hash, the audit path leads from its leaf to the checkpoint's root, and the
 * checkpoint is signed by the key. `shownHash` is the hash the stream view showed, so the proof
 * is about that event and not another. Every step runs even after a failure, to show them all.
 */
export async function checkInclusion(proof: InclusionProof, key: PublicKey, shownHash: string): Promise<InclusionVerdict> {
  const { event, checkpoint } = proof;
  const steps: CheckStep[] = [];
  const keyOk = await isConsistentKey(key);
  steps.push({ id: 'key', label: 'Public key matches its key id', ok: keyOk, detail: `key id ${key.keyId}` });

  const recomputed = event ? await recomputeEventHash(event) : null;
  const hashOk = event !== null && recomputed === event.hash && event.hash === shownHash;
  steps.push({ id: 'event-hash', label: 'Event content hashes to the hash in the stream', ok: hashOk, detail: recomputed ? `SHA-256(prev hash ‖ event) = ${recomputed}` : 'the proof carries no readable event' });

  const eventHash = event ? hexToBytes(event.hash) : null;
  const leaf = eventHash ? await leafHash(eventHash) : null;
  steps.push({ id: 'leaf', label: `Leaf ${proof.leafIndex} = SHA-256(0x00 ‖ event hash)`, ok: leaf !== null, detail: leaf ? bytesToHex(leaf) : 'no event hash to hash' });

  const path = proof.proof.map(hexToBytes);
  const root = leaf && path.every((node) => node !== null) ? await rootFromInclusionProof(proof.leafIndex, proof.treeSize, leaf, path) : null;
  const rootOk = root !== null && checkpoint !== null && checkpoint.treeSize === proof.treeSize && bytesToHex(root) === checkpoint.rootHash;
  steps.push({ id: 'root', label: `Audit path (${proof.proof.length} nodes) leads to the checkpoint's root`, ok: rootOk, detail: root ? `recomputed root ${bytesToHex(root)} for ${proof.treeSize} leaves` : 'the path does not fit a tree of this size' });

  const signatureOk = checkpoint !== null && (await verifyCheckpointSignature(checkpoint, key));
  steps.push({ id: 'signature', label: 'Checkpoint signature (ECDSA P-256) verifies', ok: signatureOk, detail: checkpoint ? `checkpoint of ${checkpoint.treeSize} leaves, root ${checkpoint.rootHash}` : 'no signed checkpoint of this tree size' });

  return { verified: steps.every((step) => step.ok), steps };
}
