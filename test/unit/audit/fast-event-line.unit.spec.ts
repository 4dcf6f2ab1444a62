import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VECTOR_KEY } from '../../../bench/audit-vectors';
import { SyntheticLedger } from '../../../bench/synthetic-ledger';
import { BundleWriter } from '../../../src/audit/offline/bundle-writer';
import { lineAt } from '../../../src/audit/offline/chunk-line';
import { checkChunk } from '../../../src/audit/offline/event-chunk';
import { readChunk } from '../../../src/audit/offline/chunk-checker';
import { parseEventLine } from '../../../src/audit/offline/event-line';
import { checkContent } from '../../../src/platform/chain/chain-verifier';
import { canonicalEventJson } from '../../../src/platform/chain/canonical-json';
import { chainHash, GENESIS_HASH_HEX } from '../../../src/platform/chain/event-hash';
import { leafHashHex } from '../../../src/platform/chain/merkle';

/**
 * checkChunk reads a line of events.jsonl the fast way (fast-event-line.ts, no JSON.parse) when it
 * is in BundleWriter's layout and passes every check, and the general way otherwise. Each line
 * here is checked both by checkChunk and by the general path alone (JSON.parse, the schema,
 * checkContent, the leaf); the two must agree on every field and every finding.
 */
const DATA = canonicalEventJson({ amountBuz: '100', note: 'A "quoted" \\ back\nslash — ünïcødé 😀', taskId: 'task-1' });
const METADATA = canonicalEventJson({ actorId: 'member-1', causationId: null, occurredAt: '2026-11-24T00:00:00.000Z' });

interface Fields {
  txId: string;
  globalPosition: string;
  streamId: string;
  revision: string;
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
  prevHash: string;
  hash: string;
  recordedAt: string;
  leafIndex: number | null;
  leafHash: string | null;
}

/** A genuine event in BundleWriter's member order, its hash and leaf recomputed from `changes`. */
function genuine(changes: Partial<Fields> = {}): Fields {
  const base = {
    txId: '1000',
    globalPosition: '7',
    streamId: 'wallet-0000000a',
    revision: '3',
    eventId: '00000000-0000-4000-8000-000000000007',
    type: 'BuzIssued',
    dataText: DATA,
    metadataText: METADATA,
    prevHash: 'ab'.repeat(32),
    ...changes,
  };
  const hash = chainHash(base.prevHash, { ...base, revision: BigInt(base.revision) });
  return { ...base, hash, recordedAt: '2026-11-24T00:00:00.000Z', leafIndex: 41, leafHash: leafHashHex(hash) };
}

const line = (fields: Fields) => JSON.stringify(fields);

/** What the general path alone makes of a line: the old per-line code, before any fast path. */
function general(text: string) {
  const event = parseEventLine(text);
  if (typeof event === 'string') return { malformed: event };
  const leaf = leafHashHex(event.hash);
  const { txId, globalPosition, streamId, revision, eventId, type, prevHash, hash, leafIndex, leafHash } = event;
  return {
    keys: { streamKey: streamId, revisionNumber: Number(revision), hashes: prevHash + hash, eventIdKey: eventId },
    fields: {
      streamId,
      revision: BigInt(revision),
      eventId,
      type,
      prevHash,
      hash,
      leafIndex,
      leafHash,
      txId,
      globalPosition,
    },
    leaf,
    leafHex: event.leafHash !== null && leaf !== event.leafHash ? leaf : (event.leafHash ?? ''),
    content: checkContent({ ...event, revision: BigInt(revision) }),
  };
}

/** What checkChunk, then the main thread's lineAt, make of the same line; and whether the fast path took it. */
function chunked(text: string) {
  const bytes = Buffer.from(`${text}\n`);
  const checked = checkChunk(bytes);
  if (checked.malformed) return { malformed: checked.malformed.reason, fast: false };
  const read = lineAt(readChunk(bytes, checked), 0);
  const { event, precomputed, txId, globalPosition } = read;
  const { streamId, revision, eventId, type, prevHash, hash, leafIndex, leafHash } = event;
  const utf8 = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes).toString('utf8', start, end);
  return {
    // What the main thread compares as bytes: ids, revision, prevHash ‖ hash.
    keys: {
      streamKey: utf8(event.streamKeyBytes, event.streamKeyStart, event.streamKeyEnd),
      revisionNumber: event.revisionNumber,
      hashes: Buffer.from(checked.hashes.subarray(0, 64)).toString('hex'),
      eventIdKey: utf8(read.lineBytes, read.eventIdStart, read.eventIdEnd),
    },
    fields: { streamId, revision, eventId, type, prevHash, hash, leafIndex, leafHash, txId, globalPosition },
    leaf: Buffer.from(precomputed.leaves.subarray(precomputed.leafAt, precomputed.leafAt + 32)).toString('hex'),
    // null: known to be the stored leaf hash.
    leafHex: precomputed.leafHex ?? leafHash ?? '',
    content: precomputed.content,
    fast: !Object.hasOwn(checked.slow, 0),
  };
}

function expectSame(text: string, fast: boolean) {
  const { fast: tookFastPath, ...result } = chunked(text);
  expect(result).toEqual(general(text));
  expect(tookFastPath).toBe(fast);
}

describe('the fast path of the offline verifier (fast-event-line.ts)', () => {
  it('takes a genuine line and reads from it exactly what JSON.parse and the checks give', () => {
    expectSame(line(genuine()), true);
    expectSame(
      line({ ...genuine({ revision: '0', prevHash: GENESIS_HASH_HEX }), leafIndex: null, leafHash: null }),
      true,
    );
    expectSame(line(genuine({ streamId: 'wallet-ünï-😀', eventId: 'id with \u2028 and spaces', type: 'T' })), true);
    expectSame(line(genuine({ dataText: '{"text":"bell \\u0007"}' })), false); // a \u escape in data: left to the general path
  });

  it('takes every line BundleWriter writes for a synthetic ledger', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'smartstart-fast-line-'));
    try {
      const ledger = new SyntheticLedger(VECTOR_KEY, { streams: 3, checkpointEvery: 5 });
      const writer = await BundleWriter.open(path.join(dir, 'bundle'));
      for (const row of ledger.events(12)) await writer.writeEvent(row);
      await writer.finish(ledger.checkpoints, VECTOR_KEY, new Date(0));
      const lines = (await readFile(path.join(dir, 'bundle', 'events.jsonl'), 'utf8')).trimEnd().split('\n');
      for (const text of lines) expectSame(text, !text.includes('"streamId":"ledger-checkpoints"'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [
      'an escaped character in an id (same value to JSON.parse)',
      (text: string) => text.replace('"eventId":"0', '"eventId":"\\u0030'),
    ],
    ['a space between members', (text: string) => text.replace(',"type"', ', "type"')],
    [
      'members in another order',
      (text: string) => text.replace(/"txId":"1000","globalPosition":"7"/, '"globalPosition":"7","txId":"1000"'),
    ],
    [
      'a member given twice (JSON.parse keeps the last)',
      (text: string) => text.replace('"type":"BuzIssued"', '"type":"Forged","type":"BuzIssued"'),
    ],
    ['trailing whitespace', (text: string) => `${text}\r`],
    ['a leaf index written as 41.0', (text: string) => text.replace('"leafIndex":41', '"leafIndex":41.0')],
    ['a leaf index with a leading zero', (text: string) => text.replace('"leafIndex":41', '"leafIndex":041')],
    ['a revision with a leading zero', (text: string) => text.replace('"revision":"3"', '"revision":"03"')],
    [
      'an uppercase hash',
      (text: string) => text.replace(/"hash":"([0-9a-f]{64})"/, (_, hex: string) => `"hash":"${hex.toUpperCase()}"`),
    ],
    ['a raw control character in a string', (text: string) => text.replace('BuzIssued', 'Buz\u0001Issued')],
    ['an empty type', (text: string) => text.replace('"type":"BuzIssued"', '"type":""')],
    ['a 14th member', (text: string) => text.replace(/}$/, ',"extra":1}')],
    ['a truncated line', (text: string) => text.slice(0, -2)],
    ['a byte-order mark', (text: string) => `\ufeff${text}`],
  ])('refuses %s and leaves it to the general path, which decides as before', (_, change) => {
    expectSame(change(line(genuine())), false);
  });

  it.each([
    ['a hash that is not the hash of the content', () => line({ ...genuine(), hash: 'cd'.repeat(32) })],
    ['a leaf hash that is not the leaf of the hash', () => line({ ...genuine(), leafHash: 'ef'.repeat(32) })],
    ['a leaf index without a leaf hash', () => line({ ...genuine(), leafHash: null })],
    ['data that is not canonical', () => line(genuine({ dataText: '{"b":1,"a":2}' }))],
    ['data with a number not in its shortest form', () => line(genuine({ dataText: '{"a":1.0}' }))],
    ['metadata with whitespace', () => line(genuine({ metadataText: '{"a": 1}' }))],
    ['data with an escaped lone surrogate', () => line(genuine({ dataText: '{"a":"\\ud800"}' }))],
    ['data with an escaped valid pair', () => line(genuine({ dataText: '{"a":"\\ud83d\\ude00"}' }))],
    ['a revision of 2^53', () => line(genuine({ revision: '9007199254740992' }))],
    ['a revision of 16 digits below 2^53', () => line(genuine({ revision: '1000000000000000' }))],
    ['a 20-digit txId', () => line(genuine({ txId: '12345678901234567890' }))],
    ['an event of the checkpoint stream', () => line(genuine({ streamId: 'ledger-checkpoints' }))],
  ])('gives %s the same finding as the general path', (name, make) => {
    const text = make();
    expectSame(text, name === 'a 20-digit txId');
  });

  it('keeps the general path for a chunk that is not UTF-8, and for an empty line', () => {
    expect(checkChunk(Buffer.from([0x7b, 0xff, 0x7d, 0x0a])).malformed).toEqual({
      line: 0,
      reason: 'is not valid UTF-8',
    });
    const twoLines = Buffer.from(`${line(genuine())}\n\n`);
    expect(checkChunk(twoLines).malformed).toEqual({ line: 1, reason: 'is not JSON' });
  });
});
