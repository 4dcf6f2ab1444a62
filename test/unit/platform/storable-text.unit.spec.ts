import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeText } from '../../../src/platform/http/safe-text';
import { findUnstorableCharacter } from '../../../src/platform/text/storable-text';

/** The rule written out code point by code point, for the regex to agree with. */
function refusedByDefinition(codePoint: number): boolean {
  const control =
    (codePoint <= 0x1f && ![0x09, 0x0a, 0x0d].includes(codePoint)) || (codePoint >= 0x7f && codePoint <= 0x9f);
  const surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
  const noncharacter = (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) === 0xfffe;
  return control || surrogate || noncharacter;
}

/** String iteration yields a valid pair as one code point and a lone surrogate as itself. */
const firstRefused = (text: string): number | null => {
  let index = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0);
    if (codePoint !== undefined && refusedByDefinition(codePoint)) return index;
    index += char.length;
  }
  return null;
};

describe('findUnstorableCharacter (the rule for all text the ledger stores)', () => {
  it.each([
    ['NUL', 'a\u0000b', 1, 'U+0000', 'control character'],
    ['ESC', '\u001b[31m', 0, 'U+001B', 'control character'],
    ['vertical tab', 'a\u000b', 1, 'U+000B', 'control character'],
    ['DEL', 'a\u007f', 1, 'U+007F', 'control character'],
    ['NEL (C1)', 'a\u0085', 1, 'U+0085', 'control character'],
    ['a lone high surrogate', 'ab\ud800', 2, 'U+D800', 'lone surrogate'],
    ['a lone low surrogate', '\udc00ab', 0, 'U+DC00', 'lone surrogate'],
    ['a reversed pair', 'x\ude00\ud83d', 1, 'U+DE00', 'lone surrogate'],
    ['a high surrogate before a non-surrogate', '\ud83dA', 0, 'U+D83D', 'lone surrogate'],
    ['U+FDD0', 'a\ufdd0', 1, 'U+FDD0', 'noncharacter'],
    ['U+FFFE', '\ufffe', 0, 'U+FFFE', 'noncharacter'],
    ['U+1FFFF', 'a\ud83f\udfff', 1, 'U+1FFFF', 'noncharacter'],
    ['U+10FFFF', '\udbff\udfff', 0, 'U+10FFFF', 'noncharacter'],
  ])('refuses %s', (_, text, index, codePoint, kind) => {
    expect(findUnstorableCharacter(text)).toEqual({ index, codePoint, kind });
  });

  it.each([
    ['tab, line feed and carriage return', 'a\tb\nc\r\nd'],
    ['a non-breaking space and the replacement character', '\u00a0\ufffd'],
    ['the neighbours of the noncharacter block', '\ufdcf\ufdf0\ufffd'],
    ['surrogate pairs', '😀 \ud83d\ude00 \ud83f\udffd'],
    ['letters of any script', 'Café Ωμέγα 東京 עברית'],
    ['the empty string', ''],
  ])('accepts %s', (_, text) => {
    expect(findUnstorableCharacter(text)).toBeNull();
  });

  it('agrees with the rule written code point by code point, on any UTF-16 text', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constantFrom(
              '\u0000',
              '\t',
              '\u001f',
              '\u0085',
              '\ud800',
              '\udfff',
              '\ufdd0',
              '\uffff',
              '😀',
              '\ud83f\udffe',
            ),
            fc.string({ unit: 'binary', maxLength: 1 }),
            fc.string({ unit: 'binary-ascii', maxLength: 1 }),
          ),
        }),
        (text) => {
          expect(findUnstorableCharacter(text)?.index ?? null).toBe(firstRefused(text));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('safeText (the string type of every request schema)', () => {
  it('refuses unstorable text with a message that names the character, and keeps the other checks', () => {
    const schema = safeText({ error: 'name is required' }).trim().min(2);
    expect(schema.safeParse('a\u0000b').error?.issues.map((issue) => issue.message)).toEqual([
      'contains U+0000 (a control character) at index 1; text may not hold NUL or other control characters except tab and line breaks, lone surrogates or Unicode noncharacters',
    ]);
    expect(schema.safeParse(42).error?.issues.map((issue) => issue.message)).toEqual(['name is required']);
    expect(schema.safeParse(' a ').success).toBe(false);
    expect(schema.parse(' ab\t')).toBe('ab');
  });
});
