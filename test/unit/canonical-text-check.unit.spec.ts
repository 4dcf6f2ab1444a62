import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/platform/chain/canonical-json';
import { isCanonicalText, provesCanonical } from '../../src/platform/chain/canonical-text';

/** The definition the verifier's cheap checks must always agree with. */
function canonicalByDefinition(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

/** Both answers for one text: the full check equals the definition; the scanner never says yes when it is not. */
function expectAgreement(text: string): void {
  const canonical = canonicalByDefinition(text);
  expect(isCanonicalText(text)).toBe(canonical);
  if (provesCanonical(text)) expect(canonical).toBe(true);
}

const JCS_DIR = path.join(__dirname, '../fixtures/vectors/jcs');

describe('isCanonicalText (the verifier’s NOT_CANONICAL check)', () => {
  it.each(['arrays', 'french', 'structures', 'unicode', 'values', 'weird'])(
    'agrees with canonicalJson on the RFC 8785 vector %s, input and output',
    (name) => {
      const output = readFileSync(path.join(JCS_DIR, 'output', `${name}.json`), 'utf8');
      const input = readFileSync(path.join(JCS_DIR, 'input', `${name}.json`), 'utf8');
      expect(isCanonicalText(output)).toBe(true);
      expectAgreement(output);
      expectAgreement(input);
    },
  );

  it.each([
    ['keys out of order', '{"b":1,"a":2}', false],
    ['integer-like keys in code-unit order', '{"10":1,"9":2}', true],
    ['integer-like keys in numeric order', '{"9":2,"10":1}', false],
    ['a key that is a prefix of the next', '{"a":1,"ab":2}', true],
    ['a key after a longer one it prefixes', '{"ab":1,"a":2}', false],
    ['whitespace', '{"a": 1}', false],
    ['leading whitespace', ' {"a":1}', false],
    ['a duplicate key', '{"a":1,"a":1}', false],
    ['negative zero', '[-0]', false],
    ['zero', '[0,-1,1.5,-0.25]', true],
    ['an exponent JavaScript writes', '[1e+21,1e-7]', true],
    ['an exponent JavaScript does not write', '[1E2]', false],
    ['a trailing zero', '[1.50]', false],
    ['a leading zero', '[01]', false],
    ['a number beyond double range', '[1e400]', false],
    ['a number losing precision', '[9007199254740993]', false],
    ['integers of 15 digits, the scanner’s exact ones', '[123456789012345,-999999999999999]', true],
    [
      'integers of 16 to 21 digits JavaScript writes back',
      '[1234567890123456,-9007199254740991,100000000000000000000]',
      true,
    ],
    ['an integer of 20 digits JavaScript rounds', '[12345678901234567890]', false],
    ['negative zero inside an object', '{"a":-0}', false],
    ['an escaped character JCS writes literally', '["\\u0041"]', false],
    ['an escaped slash', '["a\\/b"]', false],
    ['a control character escaped as JCS does', '["\\u001f\\n\\t"]', true],
    ['a control character written raw', '["\u0001"]', false],
    ['a lone surrogate, escaped as JCS does', '["\\udc00"]', true],
    ['a lone surrogate written raw', '["\udc00"]', false],
    ['a surrogate pair written raw', '["😀"]', true],
    ['a surrogate pair escaped', '["\\ud83d\\ude00"]', false],
    ['an escaped key', '{"a\\"b":1,"c":2}', true],
    ['keys with a quote, in order', '{"\\"":1,"a":2}', true],
    ['a __proto__ key', '{"__proto__":1,"a":2}', true],
    ['a toJSON key', '{"toJSON":1}', true],
    ['nested keys out of order', '{"a":{"d":1,"c":2}}', false],
    ['nested, in order', '{"a":[{"c":true,"d":null}],"b":"x"}', true],
    ['empty containers', '{"a":{},"b":[]}', true],
    ['a trailing comma', '[1,]', false],
    ['text after the value', '{"a":1}x', false],
    ['not JSON', '{"a":', false],
    ['an empty text', '', false],
  ])('%s', (_, text, expected) => {
    expect(canonicalByDefinition(text)).toBe(expected);
    expect(isCanonicalText(text)).toBe(expected);
    expectAgreement(text);
  });

  it('proves the events the domain writes canonical without parsing them', () => {
    const data = canonicalJson({
      taskId: 'ext-1',
      day: '2026-01-01',
      amountBuz: '156',
      capped: false,
      inputs: { tier: 'A', tierBaseBuz: 150, quality: 4, reviewerCred: '0.866025', reviewerRepMicro: ['75000000'] },
    });
    expect(provesCanonical(data)).toBe(true);
  });

  const shuffled = (value: unknown, seed: number): unknown => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((item, index) => shuffled(item, seed + index));
    const entries = Object.entries(value);
    entries.sort((a, b) => ((a[0].length * 31 + seed) % 7) - ((b[0].length * 31 + seed) % 7));
    return Object.fromEntries(entries.map(([key, item]) => [key, shuffled(item, seed + 1)]));
  };

  it('agrees with canonicalJson on random JSON written canonically, natively, pretty-printed or with shuffled keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 1000 }), (value, seed) => {
        const parsed = JSON.parse(JSON.stringify(value)) as unknown;
        for (const text of [
          canonicalJson(parsed),
          JSON.stringify(parsed),
          JSON.stringify(parsed, null, 1),
          JSON.stringify(shuffled(parsed, seed)),
        ])
          expectAgreement(text);
        expect(isCanonicalText(canonicalJson(parsed))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  const digitsOf = (min: number, max: number) =>
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((digits) => digits.join(''));
  /** Decimals around where the byte rule stops: 15 and 16 significant digits, 5 and 6 zeros after the point. */
  const decimalToken = fc
    .tuple(fc.boolean(), fc.oneof(fc.constant('0'), digitsOf(1, 17)), digitsOf(0, 7), digitsOf(1, 17))
    .map(([negative, integer, zeros, fraction]) => {
      const whole = integer.replace(/^0+(?=.)/, '');
      return `${negative ? '-' : ''}${whole}.${zeros}${fraction}`;
    });

  it('proves a number exactly when JavaScript writes it back as it is', () => {
    fc.assert(
      fc.property(fc.oneof(decimalToken, fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)), (token) => {
        expect(provesCanonical(`[${token}]`)).toBe(String(Number(token)) === token);
      }),
      { numRuns: 20000 },
    );
  });

  it('orders keys from U+E000 to U+FFFF after those from U+10000, as UTF-16 does and UTF-8 does not', () => {
    expectAgreement('{"😀":1,"\uf8ff":2}');
    expect(provesCanonical('{"😀":1,"\uf8ff":2}')).toBe(true);
    expect(provesCanonical('{"\uf8ff":1,"😀":2}')).toBe(false);
  });

  it('agrees with canonicalJson on canonical text with one character inserted, deleted or replaced', () => {
    const alphabet = [
      '"',
      '\\',
      ',',
      ':',
      '{',
      '}',
      '[',
      ']',
      ' ',
      '0',
      '1',
      '-',
      '.',
      'e',
      'E',
      '+',
      'u',
      'a',
      'n',
      '\n',
      '\u0000',
      '\ud800',
      '\udc00',
      'é',
      '😀',
    ];
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom(...alphabet),
        fc.constantFrom('insert', 'delete', 'replace'),
        (value, position, character, edit) => {
          const text = canonicalJson(JSON.parse(JSON.stringify(value)));
          const at = position % (text.length + 1);
          const mutated =
            edit === 'insert'
              ? text.slice(0, at) + character + text.slice(at)
              : edit === 'delete'
                ? text.slice(0, at) + text.slice(at + 1)
                : text.slice(0, at) + character + text.slice(at + 1);
          expectAgreement(mutated);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees with canonicalJson on arbitrary strings and keys, surrogates and control characters included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        (a, b, c) => {
          expectAgreement(canonicalJson({ [a]: b, [c]: [a, c] }));
          expectAgreement(`{${JSON.stringify(a)}:1,${JSON.stringify(b)}:2}`);
          expectAgreement(`["${a}"]`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
