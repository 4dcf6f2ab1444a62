import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointMessage as serverCheckpointMessage, LOG_ORIGIN } from '../../../src/audit/checkpoints/checkpoint';
import { signingKeyFromSecret } from '../../../src/audit/checkpoints/signing-key';
import { canonicalEventJson } from '../../../src/platform/chain/canonical-json';
import { chainHash, GENESIS_HASH_HEX } from '../../../src/platform/chain/event-hash';
import { leafHash, rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { inclusionProof } from '../../../src/platform/chain/merkle-proofs';
import type { InclusionProof, ProvenEvent } from '../../../ui/src/lib/api/audit-types';
import { checkpointMessage } from '../../../ui/src/lib/checkpoint-signature';
import { checkInclusion } from '../../../ui/src/lib/inclusion-check';
import { verifyInclusion } from '../../../ui/src/lib/merkle';
import { metadata } from '../../support/events';

/** The portal's WebCrypto checker, run under Node's WebCrypto against the server's own code and the RFC vectors. */

const VECTORS = path.join(__dirname, '../../fixtures/vectors/merkle/inclusion');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const key = signingKeyFromSecret('6b1f0c7c1bd8b5f2f2cbb7b6f0a4d7e1b1a2c3d4e5f60718293a4b5c6d7e8f90');
const publicKey = { algorithm: 'ECDSA-P256-SHA256' as const, keyId: key.keyId, publicKey: key.publicKey };

/** Five chained events of one wallet, the tree over them, and a signed checkpoint of it. */
function provenLog(): { events: ProvenEvent[]; proofOf(index: number): InclusionProof } {
  const events: ProvenEvent[] = [];
  for (let revision = 0; revision < 5; revision++) {
    const fields = { streamId: 'wallet-7f01', eventId: `00000000-0000-4000-8000-00000000000${revision}`, type: 'BuzAdjusted' };
    const texts = { dataText: canonicalEventJson({ amountBuz: String(revision * 10), reason: 'ünïcode ✓' }), metadataText: canonicalEventJson(metadata()) };
    const prevHash = events.at(-1)?.hash ?? GENESIS_HASH_HEX;
    const hash = chainHash(prevHash, { ...fields, ...texts, revision: BigInt(revision) });
    events.push({ ...fields, ...texts, revision: String(revision), prevHash, hash });
  }
  const leaves = events.map((event) => leafHash(Buffer.from(event.hash, 'hex')));
  const rootHash = hex(rootFromLeafHashes(leaves));
  const checkpoint = { ...key.sign({ origin: LOG_ORIGIN, treeSize: 5, rootHash }), revision: '0', eventId: 'e', signedAt: '2026-11-24T00:00:00.000Z' };
  return {
    events,
    proofOf: (index) => ({ event: events[index], leafIndex: index, treeSize: 5, leafHash: hex(leaves[index]), rootHash, proof: inclusionProof(leaves, index).map(hex), checkpoint }),
  };
}

describe('the browser inclusion checker', () => {
  it('agrees with every transparency-dev inclusion vector', async () => {
    const files = readdirSync(VECTORS, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThan(90);
    for (const file of files) {
      const vector = JSON.parse(readFileSync(path.join(VECTORS, file), 'utf8'));
      const accepted = await verifyInclusion(vector.leafIdx, vector.treeSize, fromBase64(vector.leafHash), (vector.proof ?? []).map(fromBase64), fromBase64(vector.root));
      expect(accepted, file).toBe(!vector.wantErr);
    }
  });

  it('signs over the same bytes as the server', () => {
    const checkpoint = { origin: LOG_ORIGIN, treeSize: 4000, rootHash: 'ab'.repeat(32) };
    expect(hex(checkpointMessage(checkpoint))).toBe(hex(serverCheckpointMessage(checkpoint)));
  });

  it('verifies a genuine proof for every leaf, step by step', async () => {
    const log = provenLog();
    for (let index = 0; index < 5; index++) {
      const verdict = await checkInclusion(log.proofOf(index), publicKey, log.events[index].hash);
      expect(verdict.steps.filter((step) => !step.ok)).toEqual([]);
      expect(verdict.verified).toBe(true);
    }
  });

  it.each([
    ['edited data', (proof: InclusionProof) => ({ ...proof, event: { ...proof.event!, dataText: proof.event!.dataText.replace('20', '21') } }), 'event-hash'],
    ['another leaf index', (proof: InclusionProof) => ({ ...proof, leafIndex: 3 }), 'root'],
    ['a forged signature', (proof: InclusionProof) => ({ ...proof, checkpoint: { ...proof.checkpoint!, signature: `${'0'.repeat(127)}1` } }), 'signature'],
    ['a root not signed', (proof: InclusionProof) => ({ ...proof, checkpoint: { ...proof.checkpoint!, rootHash: 'cd'.repeat(32) } }), 'root'],
    ['a key not matching its id', (proof: InclusionProof) => proof, 'key'],
  ])('rejects %s, naming the step that fails', async (name, alter, failing) => {
    const log = provenLog();
    const wrongKey = name === 'a key not matching its id' ? { ...publicKey, keyId: 'ef'.repeat(32) } : publicKey;
    const verdict = await checkInclusion(alter(log.proofOf(2)), wrongKey, log.events[2].hash);
    expect(verdict.verified).toBe(false);
    expect(verdict.steps.find((step) => step.id === failing)?.ok).toBe(false);
  });
});
