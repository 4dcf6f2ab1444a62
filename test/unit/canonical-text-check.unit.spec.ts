import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalText } from '../../src/platform/chain/chain-verifier';
import { canonicalJson } from '../../src/platform/chain/canonical-json';

/** The definition the verifier's fast check must always agree with. */
function canonicalByDefinition(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

const JCS_DIR = path.join(__dirname, '../fixtures/vectors/jcs');

describe('isCanonicalText (the verifier’s cheap NOT_CANONICAL check)', () => {
  it.each(['arrays', 'french', 'structures', 'unicode', 'values', 'weird'])('agrees with canonicalJson on the RFC 8785 vector %s, input and output', (name) => {
    const output = readFileSync(path.join(JCS_DIR, 'output', `${name}.json`), 'utf8');
    const input = readFileSync(path.join(JCS_DIR, 'input', `${name}.json`), 'utf8');
    expect(isCanonicalText(output)).toBe(true);
    expect(isCanonicalText(input)).toBe(canonicalByDefinition(input));
  });

  it.each([
    ['keys out of order', '{"b":1,"a":2}', false],
    ['integer-like keys JavaScript reorders', '{"10":1,"9":2}', true],
    ['integer-like keys in numeric, not code-unit, order', '{"9":2,"10":1}', false],
    ['whitespace', '{"a": 1}', false],
    ['a duplicate key', '{"a":1,"a":1}', false],
    ['negative zero', '[-0]', false],
    ['an exponent JSON.stringify would not write', '[1E2]', false],
    ['a number beyond double range', '[1e400]', false],
    ['an escaped character JCS writes literally', '["\\u0041"]', false],
    ['a lone surrogate, escaped as JCS does', '["\\udc00"]', true],
    ['a __proto__ key', '{"__proto__":1,"a":2}', true],
    ['a toJSON key', '{"toJSON":1}', true],
    ['not JSON', '{"a":', false],
    ['nested keys out of order', '{"a":{"d":1,"c":2}}', false],
  ])('%s', (_, text, expected) => {
    expect(canonicalByDefinition(text)).toBe(expected);
    expect(isCanonicalText(text)).toBe(expected);
  });

  it('agrees with canonicalJson on random JSON written canonically, natively, pretty-printed or with shuffled keys', () => {
    const shuffled = (value: unknown, seed: number): unknown => {
      if (value === null || typeof value !== 'object') return value;
      if (Array.isArray(value)) return value.map((item, index) => shuffled(item, seed + index));
      const entries = Object.entries(value);
      entries.sort((a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7));
      return Object.fromEntries(entries.map(([key, item]) => [key, shuffled(item, seed + 1)]));
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 1000 }), (value, seed) => {
        const parsed = JSON.parse(JSON.stringify(value)) as unknown;
        const texts = [canonicalJson(parsed), JSON.stringify(parsed), JSON.stringify(parsed, null, 1), JSON.stringify(shuffled(parsed, seed))];
        for (const text of texts) expect(isCanonicalText(text)).toBe(canonicalByDefinition(text));
      }),
      { numRuns: 500 },
    );
  });
});
