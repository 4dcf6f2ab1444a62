import { readFileSync } from 'node:fs';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalEventJson, canonicalJson } from '../../src/platform/chain/canonical-json';
import { InvalidAppendError } from '../../src/platform/event-store/event-store.errors';

const VECTORS_DIR = path.join(__dirname, '../fixtures/vectors/jcs');
const ALL_CASES = ['arrays', 'french', 'structures', 'unicode', 'values', 'weird'];

interface JcsCase {
  input: unknown;
  expectedBytes: Buffer;
  expectedHexBytes: Buffer;
}

function readCase(name: string): JcsCase {
  const outhex = readFileSync(path.join(VECTORS_DIR, 'outhex', `${name}.txt`), 'utf8');
  return {
    input: JSON.parse(readFileSync(path.join(VECTORS_DIR, 'input', `${name}.json`), 'utf8')),
    expectedBytes: readFileSync(path.join(VECTORS_DIR, 'output', `${name}.json`)),
    expectedHexBytes: Buffer.from(outhex.trim().split(/\s+/).join(''), 'hex'),
  };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('RFC 8785 vectors (cyberphone/json-canonicalization)', () => {
  it.each(ALL_CASES)('%s: output/ and outhex/ hold the same bytes', (name) => {
    const { expectedBytes, expectedHexBytes } = readCase(name);
    expect(expectedBytes.length).toBeGreaterThan(0);
    expect(expectedHexBytes.equals(expectedBytes)).toBe(true);
  });

  // Pins the dependency: a canonicalize upgrade that broke RFC 8785 would fail here.
  it.each(ALL_CASES)('%s: the canonicalize library gives the expected bytes', (name) => {
    const { input, expectedBytes } = readCase(name);
    expect(Buffer.from(canonicalize(input) ?? '', 'utf8').equals(expectedBytes)).toBe(true);
  });

  it.each(ALL_CASES)('%s: canonicalJson gives the expected bytes', (name) => {
    const { input, expectedBytes, expectedHexBytes } = readCase(name);
    const actualBytes = Buffer.from(canonicalJson(input), 'utf8');
    expect(actualBytes.toString('utf8')).toBe(expectedBytes.toString('utf8'));
    expect(actualBytes.equals(expectedBytes)).toBe(true);
    expect(actualBytes.equals(expectedHexBytes)).toBe(true);
  });

  // values.json holds 1E30, an integer-valued number beyond 2^53: valid RFC 8785 input, but event
  // data is held to the ledger's number rule (amounts travel as strings), so it is refused there.
  it('values: canonicalEventJson refuses the 1E30 in it rather than hashing it', () => {
    const { input } = readCase('values');
    const error = thrownBy(() => canonicalEventJson(input));
    expect(error).toBeInstanceOf(InvalidAppendError);
    expect((error as InvalidAppendError).details).toEqual({ path: '$.numbers[1]' });
  });
});

class Point {
  constructor(readonly x: number) {}
}

describe('canonicalJson refuses what JSON cannot represent faithfully', () => {
  const refused: [string, unknown, string][] = [
    ['NaN', { amount: Number.NaN }, '$.amount'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '$[1]'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '$'],
    ['an undefined property', { note: undefined }, '$.note'],
    ['an undefined array item', [undefined], '$[0]'],
    ['undefined itself', undefined, '$'],
    ['a bigint', { amountBuz: 10n }, '$.amountBuz'],
    // eslint-disable-next-line no-sparse-arrays -- the hole is what this case is about
    ['an array hole', [1, , 2], '$[1]'],
    ['a class instance', { at: new Point(1) }, '$.at'],
    ['a Date (which has toJSON)', { at: new Date(0) }, '$.at'],
    ['a Map', { index: new Map([['a', 1]]) }, '$.index'],
    ['a function', { run: () => 1 }, '$.run'],
    ['a symbol', { tag: Symbol('tag') }, '$.tag'],
  ];

  it.each(refused)('%s', (_, value, path) => {
    const error = thrownBy(() => canonicalJson(value));
    expect(error).toBeInstanceOf(InvalidAppendError);
    expect((error as InvalidAppendError).code).toBe('INVALID_APPEND');
    expect((error as InvalidAppendError).details).toEqual({ path });
  });

  it.each([
    ['an unsafe integer', { count: 2 ** 53 }, '$.count'],
    ['a negative unsafe integer', { count: -(2 ** 53) }, '$.count'],
  ])('canonicalEventJson also refuses %s', (_, value, path) => {
    expect(canonicalJson(value)).toMatch(/^\{"count":-?9007199254740992\}$/);
    const error = thrownBy(() => canonicalEventJson(value));
    expect(error).toBeInstanceOf(InvalidAppendError);
    expect((error as InvalidAppendError).details).toEqual({ path });
  });

  it('accepts the largest safe integers, fractions and negative zero', () => {
    expect(canonicalJson({ max: Number.MAX_SAFE_INTEGER, min: Number.MIN_SAFE_INTEGER })).toBe(
      '{"max":9007199254740991,"min":-9007199254740991}',
    );
    expect(canonicalJson([1.5, 1e-7, -0])).toBe('[1.5,1e-7,0]');
  });
});
