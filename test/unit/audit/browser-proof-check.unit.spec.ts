import { describe, expect, it } from 'vitest';
import { checkpointMessage as serverCheckpointMessage, LOG_ORIGIN } from '../../../src/audit/checkpoints/checkpoint';
import {
  signingKeyFromSecret,
  verifyCheckpointSignature as verifyServerSignature,
} from '../../../src/audit/checkpoints/signing-key';
import { canonicalEventJson } from '../../../src/platform/chain/canonical-json';
import { chainHash, GENESIS_HASH_HEX } from '../../../src/platform/chain/event-hash';
import { leafHash, rootFromLeafHashes } from '../../../src/platform/chain/merkle';
import { inclusionProof } from '../../../src/platform/chain/merkle-proofs';
import type { InclusionProof, ProvenEvent } from '../../../ui/src/lib/api/audit-types';
import { checkpointMessage, isLowS, verifyCheckpointSignature } from '../../../ui/src/lib/checkpoint-signature';
import { eventFieldProblem } from '../../../ui/src/lib/event-fields';
import { checkInclusion } from '../../../ui/src/lib/inclusion-check';
import { verifyInclusion } from '../../../ui/src/lib/merkle';
import { metadata } from '../../support/events';
import { inclusionVector, vectorFiles } from '../../support/merkle-vectors';

/** The portal's WebCrypto checker, run under Node's WebCrypto against the server's own code and the RFC vectors. */

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const key = signingKeyFromSecret('6b1f0c7c1bd8b5f2f2cbb7b6f0a4d7e1b1a2c3d4e5f60718293a4b5c6d7e8f90');
const publicKey = { algorithm: 'ECDSA-P256-SHA256' as const, keyId: key.keyId, publicKey: key.publicKey };

/** A proof as provenLog() makes them: with its event and its signed checkpoint. */
type FullProof = InclusionProof & { event: ProvenEvent; checkpoint: NonNullable<InclusionProof['checkpoint']> };

/** Five chained events of one wallet, the tree over them, and a signed checkpoint of it. */
function provenLog(): { events: ProvenEvent[]; proofOf(index: number): FullProof } {
  const events: ProvenEvent[] = [];
  for (let revision = 0; revision < 5; revision++) {
    const fields = {
      streamId: 'wallet-7f01',
      eventId: `00000000-0000-4000-8000-00000000000${revision}`,
      type: 'BuzAdjusted',
    };
    const texts = {
      dataText: canonicalEventJson({ amountBuz: String(revision * 10), reason: 'ünïcode ✓' }),
      metadataText: canonicalEventJson(metadata()),
    };
    const prevHash = events.at(-1)?.hash ?? GENESIS_HASH_HEX;
    const hash = chainHash(prevHash, { ...fields, ...texts, revision: BigInt(revision) });
    events.push({ ...fields, ...texts, revision: String(revision), prevHash, hash });
  }
  const leaves = events.map((event) => leafHash(Buffer.from(event.hash, 'hex')));
  const rootHash = hex(rootFromLeafHashes(leaves));
  const checkpoint = {
    ...key.sign({ origin: LOG_ORIGIN, treeSize: 5, rootHash }),
    revision: '0',
    eventId: 'e',
    signedAt: '2026-11-24T00:00:00.000Z',
  };
  return {
    events,
    proofOf: (index) => ({
      event: events[index],
      leafIndex: index,
      treeSize: 5,
      leafHash: hex(leaves[index]),
      rootHash,
      proof: inclusionProof(leaves, index).map(hex),
      checkpoint,
    }),
  };
}

describe('the browser inclusion checker', () => {
  it('agrees with every transparency-dev inclusion vector', async () => {
    const files = vectorFiles('inclusion');
    expect(files.length).toBeGreaterThan(90);
    for (const file of files) {
      const vector = inclusionVector(file);
      const accepted = await verifyInclusion(
        vector.leafIdx,
        vector.treeSize,
        fromBase64(vector.leafHash),
        (vector.proof ?? []).map(fromBase64),
        fromBase64(vector.root),
      );
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
    [
      'edited data',
      (proof: FullProof) => ({
        ...proof,
        event: { ...proof.event, dataText: proof.event.dataText.replace('20', '21') },
      }),
      'event-hash',
    ],
    ['another leaf index', (proof: FullProof) => ({ ...proof, leafIndex: 3 }), 'root'],
    [
      'a forged signature',
      (proof: FullProof) => ({ ...proof, checkpoint: { ...proof.checkpoint, signature: `${'0'.repeat(127)}1` } }),
      'signature',
    ],
    [
      'a root not signed',
      (proof: FullProof) => ({ ...proof, checkpoint: { ...proof.checkpoint, rootHash: 'cd'.repeat(32) } }),
      'root',
    ],
    ['a key not matching its id', (proof: FullProof) => proof, 'key'],
  ])('rejects %s, naming the step that fails', async (name, alter, failing) => {
    const log = provenLog();
    const wrongKey = name === 'a key not matching its id' ? { ...publicKey, keyId: 'ef'.repeat(32) } : publicKey;
    const verdict = await checkInclusion(alter(log.proofOf(2)), wrongKey, log.events[2].hash);
    expect(verdict.verified).toBe(false);
    expect(verdict.steps.find((step) => step.id === failing)?.ok).toBe(false);
  });

  it('refuses a high-S signature that WebCrypto itself accepts, as the CLI and the server do', async () => {
    const log = provenLog();
    const proof = log.proofOf(1);
    const checkpoint = proof.checkpoint;
    const s = BigInt(`0x${checkpoint.signature.slice(64)}`);
    const highS = {
      ...checkpoint,
      signature: checkpoint.signature.slice(0, 64) + (P256_ORDER - s).toString(16).padStart(64, '0'),
    };
    const imported = await crypto.subtle.importKey(
      'raw',
      Buffer.from(key.publicKey, 'hex'),
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    expect(
      await crypto.subtle.verify(
        { name: 'ECDSA', hash: 'SHA-256' },
        imported,
        Buffer.from(highS.signature, 'hex'),
        checkpointMessage(highS),
      ),
    ).toBe(true);
    expect(isLowS(checkpoint.signature)).toBe(true);
    expect(isLowS(highS.signature)).toBe(false);
    expect(await verifyCheckpointSignature(highS, publicKey)).toBe(false);
    expect(verifyServerSignature(highS, key)).toBe(false);
    const verdict = await checkInclusion({ ...proof, checkpoint: highS }, publicKey, log.events[1].hash);
    expect(verdict.steps.find((step) => step.id === 'signature')?.ok).toBe(false);
  });

  it.each([
    ['a hash that is not 32 bytes', { hash: 'abcd' }, 'hash is not 64 lowercase hex digits'],
    ['an uppercase prevHash', { prevHash: 'AB'.repeat(32) }, 'prevHash is not 64 lowercase hex digits'],
    ['a revision beyond 2^53', { revision: '9007199254740992' }, 'revision is not an integer'],
    [
      'data not in RFC 8785 form',
      { dataText: '{"reason":"x","amountBuz":"1"}' },
      'dataText is not in RFC 8785 canonical form',
    ],
    [
      'an escaped lone surrogate in the data',
      { dataText: '{"note":"\\ud800"}' },
      'dataText holds text RFC 8785 cannot represent',
    ],
    ['a lone surrogate in the type', { type: 'Buz\ud800' }, 'type holds text RFC 8785 cannot represent'],
  ])(
    'validates the fields it hashes: %s fails the event-hash and leaf steps, even with the hash recomputed for it',
    async (_name, change, problem) => {
      const log = provenLog();
      const proof = log.proofOf(2);
      const event = { ...proof.event, ...change };
      // Rehashed as a lenient hasher would, so only the field check can catch it.
      if (!('hash' in change) && !('prevHash' in change))
        event.hash = chainHash(event.prevHash, { ...event, revision: BigInt(event.revision) });
      expect(eventFieldProblem(event)).toContain(problem);
      const verdict = await checkInclusion({ ...proof, event }, publicKey, event.hash);
      expect(verdict.steps.filter((step) => !step.ok).map((step) => step.id)).toEqual(
        expect.arrayContaining(['event-hash', 'leaf']),
      );
      expect(verdict.steps.find((step) => step.id === 'leaf')?.detail).toContain(problem);
    },
  );

  it('accepts canonical data whose keys JavaScript would reorder (integer-like keys) and escapes JSON allows', () => {
    const event = provenLog().events[0];
    expect(
      eventFieldProblem({
        ...event,
        dataText: canonicalEventJson({ '10': 1, '9': 2, note: 'a\t"\\é😀', ratio: 1.5e-7 }),
      }),
    ).toBeNull();
  });

  it('fails the leaf step when the leaf the proof names is not the leaf of the event hash', async () => {
    const log = provenLog();
    const proof = { ...log.proofOf(3), leafHash: 'ee'.repeat(32) };
    const verdict = await checkInclusion(proof, publicKey, log.events[3].hash);
    expect(verdict.steps.find((step) => step.id === 'leaf')?.ok).toBe(false);
    expect(verdict.verified).toBe(false);
  });
});

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
