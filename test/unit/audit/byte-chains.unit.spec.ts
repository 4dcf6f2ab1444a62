import { describe, expect, it } from 'vitest';
import { ByteChains, revisionNumber, type ChainBytes } from '../../../src/audit/offline/byte-chains';
import { textKey } from '../../../src/audit/offline/byte-string-set';
import type { ContentVerdict, StoredChainLink } from '../../../src/platform/chain/chain-verifier';
import { GENESIS_HASH_HEX } from '../../../src/platform/chain/event-hash';
import { TextChains } from '../../../src/audit/verification/stream-chains';

type Link = StoredChainLink & ChainBytes;

/** An event as the offline verifier hands it to ByteChains: its texts and its keys in bytes. */
function link(streamId: string, revision: bigint, prevHash: string, hash: string): Link {
  const hashWords = new Int32Array(16);
  new Uint8Array(hashWords.buffer).set(Buffer.from(prevHash + hash, 'hex'));
  const streamKeyBytes = textKey(streamId);
  return {
    streamId,
    revision,
    eventId: `${streamId}/${revision}`,
    type: 'T',
    dataText: '{}',
    metadataText: '{}',
    prevHash,
    hash,
    streamKeyBytes,
    streamKeyStart: 0,
    streamKeyEnd: streamKeyBytes.length,
    revisionNumber: revisionNumber(revision),
    hashWords,
    hashWordsAt: 0,
  };
}

const hashOf = (number: number) => number.toString(16).padStart(64, 'a');

/** Each event's finding from ByteChains and from TextChains (ChainVerifier per stream), which must be the same. */
function bothFindings(events: Link[], content: ContentVerdict = null) {
  const bytes = new ByteChains();
  const text = new TextChains();
  const findings = events.map((event) => {
    const found = bytes.check(event, content);
    expect(found).toEqual(text.check(event, content));
    return found;
  });
  expect(bytes.size).toBe(text.size);
  return findings;
}

/** A genuine chain per stream, streams interleaved as a feed interleaves them. */
function interleaved(streams: string[], perStream: number): Link[] {
  const heads = new Map<string, string>();
  const events: Link[] = [];
  for (let revision = 0; revision < perStream; revision += 1)
    for (const streamId of streams) {
      const hash = hashOf(events.length + 1);
      events.push(link(streamId, BigInt(revision), heads.get(streamId) ?? GENESIS_HASH_HEX, hash));
      heads.set(streamId, hash);
    }
  return events;
}

describe('ByteChains, the offline verifier’s stream chains kept as bytes', () => {
  it('passes genuine chains of interleaved streams, past the first growth of its arrays', () => {
    const streams = Array.from({ length: 3000 }, (_, number) => `wallet-${number}`);
    expect(bothFindings(interleaved(streams, 3)).every((found) => found === null)).toBe(true);
  });

  it('finds a missing revision, a stream that starts late and a repeated revision as ChainVerifier does', () => {
    const [first, second, third] = interleaved(['s'], 3);
    expect(bothFindings([first, third])[1]).toMatchObject({ problem: 'MISSING_REVISION', expected: '1', actual: '2' });
    expect(bothFindings([second])[0]).toMatchObject({ problem: 'MISSING_REVISION', expected: '0', actual: '1' });
    expect(bothFindings([first, second, second])[2]).toMatchObject({ problem: 'MISSING_REVISION' });
  });

  it('finds a broken link and a first event that does not start from the genesis hash', () => {
    const [first, second] = interleaved(['s'], 2);
    const relinked = link('s', 1n, hashOf(999), second.hash);
    expect(bothFindings([first, relinked])[1]).toEqual({
      streamId: 's',
      revision: '1',
      problem: 'BROKEN_LINK',
      expected: first.hash,
      actual: hashOf(999),
    });
    expect(bothFindings([link('s', 0n, hashOf(5), hashOf(6))])[0]).toMatchObject({
      problem: 'BROKEN_LINK',
      expected: GENESIS_HASH_HEX,
    });
  });

  it('reports the content verdict it is given only when revision and link hold', () => {
    const verdict: ContentVerdict = { problem: 'HASH_MISMATCH', expected: hashOf(1), actual: hashOf(2) };
    const [first] = interleaved(['s'], 1);
    expect(bothFindings([first], verdict)[0]).toMatchObject({ problem: 'HASH_MISMATCH' });
    expect(bothFindings([link('s', 4n, GENESIS_HASH_HEX, hashOf(1))], verdict)[0]).toMatchObject({
      problem: 'MISSING_REVISION',
    });
  });

  it('compares revisions of 2^53 and above as ChainVerifier compares bigints', () => {
    for (const revision of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 10n ** 20n])
      expect(bothFindings([link('s', revision, GENESIS_HASH_HEX, hashOf(1))])[0]).toMatchObject({
        problem: 'MISSING_REVISION',
        actual: revision.toString(),
      });
  });

  it('keeps a stream id with a lone surrogate apart from one with U+FFFD', () => {
    const events = [
      link('w\ufffd', 0n, GENESIS_HASH_HEX, hashOf(1)),
      link('w\ud800', 0n, GENESIS_HASH_HEX, hashOf(2)),
      link('w\ufffd', 1n, hashOf(1), hashOf(3)),
    ];
    expect(bothFindings(events)).toEqual([null, null, null]);
  });

  it('agrees with ChainVerifier on every event of feeds with random faults', () => {
    let state = 7;
    const next = (below: number) => (state = (Math.imul(state, 48271) >>> 0) % 2147483647) % below;
    for (let feed = 0; feed < 200; feed += 1) {
      const events = interleaved(['a', 'b', 'c', 'd'], 6).map((event) => {
        const fault = next(30);
        if (fault === 0) return link(event.streamId, event.revision + 1n, event.prevHash, event.hash);
        if (fault === 1) return link(event.streamId, event.revision, hashOf(next(50)), event.hash);
        if (fault === 2) return link('e', event.revision, event.prevHash, event.hash);
        return event;
      });
      bothFindings(events.filter(() => next(40) !== 0));
    }
  });
});
