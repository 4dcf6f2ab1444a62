import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/platform/chain/canonical-json';
import { ChainRowVerifier, type ChainRowValues } from '../../src/platform/chain/chain-row-verifier';
import { ChainVerifier, type StoredChainLink } from '../../src/platform/chain/chain-verifier';
import { GENESIS_HASH_HEX, chainHash } from '../../src/platform/chain/event-hash';
import { chainVectors } from '../support/chain-vectors';

interface EventContent {
  eventId: string;
  type: string;
  dataText: string;
  metadataText: string;
}

/** Rows of valid chains, stream after stream, as PostgreSQL stores them. */
function chainedRows(streams: Array<{ streamId: string; events: EventContent[] }>): ChainRowValues[] {
  return streams.flatMap(({ streamId, events }) => {
    let prevHash = GENESIS_HASH_HEX;
    return events.map((event, revision): ChainRowValues => {
      const hash = chainHash(prevHash, { streamId, revision: BigInt(revision), ...event });
      const row: ChainRowValues = [streamId, String(revision), event.eventId, event.type, event.dataText, event.metadataText, prevHash, hash];
      prevHash = hash;
      return row;
    });
  });
}

/** The reference: ChainVerifier over links built here, independently of the fast path's own mapping. */
function referenceBreaks(rows: ChainRowValues[]) {
  const verifier = new ChainVerifier();
  const breaks = rows.map(([streamId, revision, eventId, type, dataText, metadataText, prevHash, hash]) => {
    const link: StoredChainLink = { streamId, revision: BigInt(revision), eventId, type, dataText, metadataText, prevHash, hash };
    return verifier.check(link);
  });
  return { breaks, eventsChecked: verifier.eventsChecked, streamsChecked: verifier.streamsChecked };
}

function fastBreaks(rows: ChainRowValues[]) {
  const verifier = new ChainRowVerifier();
  const breaks = rows.map((row) => verifier.check(row));
  return { breaks, eventsChecked: verifier.eventsChecked, streamsChecked: verifier.streamsChecked };
}

/** JSON text the way a tamperer might store it: canonical, native order, pretty, or with escapes JCS does not use. */
const jsonText = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue().map((value) => canonicalJson(JSON.parse(JSON.stringify(value)))) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value, null, 1) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }).map((text) => canonicalJson({ note: text, n: -0, x: 1e21, y: 5e-7 })) },
  { weight: 1, arbitrary: fc.constantFrom('{"a":"\\u0041"}', '{"b":1,"a":2}', '[1E2]', '{"a":1.50}', '["\\u001f"]', '["😀é\\n"]', '{"a": 1}', 'not json') },
);

const eventContent = fc.record({
  eventId: fc.uuid({ version: 4 }),
  type: fc.constantFrom('BuzIssued', 'TaskAccepted', 'XpAwarded'),
  dataText: jsonText,
  metadataText: jsonText,
});

const streams = fc.uniqueArray(
  fc.record({ streamId: fc.stringMatching(/^[a-z][a-z0-9]{0,6}-[A-Za-z0-9_.:-]{1,12}$/), events: fc.array(eventContent, { minLength: 1, maxLength: 6 }) }),
  { selector: (stream) => stream.streamId, minLength: 1, maxLength: 5 },
).map((list) => [...list].sort((a, b) => (a.streamId < b.streamId ? -1 : 1)));

type Tamper = (rows: ChainRowValues[], at: number, text: string) => ChainRowValues[];
const set = (rows: ChainRowValues[], at: number, column: number, value: string) => rows.map((row, index) => (index === at ? (row.map((cell, c) => (c === column ? value : cell)) as ChainRowValues) : row));
const TAMPERS: Record<string, Tamper> = {
  'data edited': (rows, at, text) => set(rows, at, 4, text),
  'metadata edited': (rows, at, text) => set(rows, at, 5, text),
  'hash replaced': (rows, at) => set(rows, at, 7, chainHash(GENESIS_HASH_HEX, { streamId: 'x-y', revision: 0n, eventId: 'e', type: 'T', dataText: '{}', metadataText: '{}' })),
  'hash in upper case': (rows, at) => set(rows, at, 7, rows[at][7].toUpperCase()),
  'hash truncated': (rows, at) => set(rows, at, 7, rows[at][7].slice(0, 62)),
  'prevHash replaced': (rows, at) => set(rows, at, 6, GENESIS_HASH_HEX.replace(/^0/, '1')),
  'revision changed': (rows, at) => set(rows, at, 1, String(Number(rows[at][1]) + 2)),
  'revision beyond 2^53': (rows, at) => set(rows, at, 1, '9007199254740993'),
  'row deleted': (rows, at) => rows.filter((_, index) => index !== at),
  'row repeated': (rows, at) => [...rows.slice(0, at + 1), ...rows.slice(at)],
  'rows swapped': (rows, at) => (at + 1 < rows.length ? [...rows.slice(0, at), rows[at + 1], rows[at], ...rows.slice(at + 2)] : rows),
  'data edited and rehashed': (rows, at, text) => {
    const [streamId, revision, eventId, type, , metadataText, prevHash] = rows[at];
    return set(set(rows, at, 4, text), at, 7, chainHash(prevHash, { streamId, revision: BigInt(revision), eventId, type, dataText: text, metadataText }));
  },
};

describe('ChainRowVerifier (the fast path of full verification) agrees with ChainVerifier', () => {
  it('on random valid chains, unicode, escapes, odd numbers and non-canonical text included', () => {
    fc.assert(
      fc.property(streams, (generated) => {
        const rows = chainedRows(generated);
        expect(fastBreaks(rows)).toEqual(referenceBreaks(rows));
      }),
      { numRuns: 300 },
    );
  });

  it('on every break, event by event, after any of the tamperings', () => {
    fc.assert(
      fc.property(streams, fc.constantFrom(...Object.keys(TAMPERS)), fc.nat(), jsonText, (generated, tamper, position, text) => {
        const rows = chainedRows(generated);
        const tampered = TAMPERS[tamper](rows, position % rows.length, text);
        expect(fastBreaks(tampered)).toEqual(referenceBreaks(tampered));
      }),
      { numRuns: 1500 },
    );
  });

  it('verifies the committed chain vectors and names the break of an edited one', () => {
    const rows = chainVectors.map((vector): ChainRowValues => [vector.streamId, String(vector.revision), vector.eventId, vector.type, vector.dataText, vector.metadataText, vector.prevHash, vector.hash]);
    expect(fastBreaks(rows).breaks).toEqual(rows.map(() => null));
    const edited = set(rows, 1, 4, rows[1][4].replace('"100"', '"900"'));
    expect(fastBreaks(edited).breaks[1]).toEqual({ streamId: rows[1][0], revision: '1', problem: 'HASH_MISMATCH', expected: expect.stringMatching(/^[0-9a-f]{64}$/), actual: rows[1][7] });
  });
});
