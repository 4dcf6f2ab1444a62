/**
 * The one rule for text the ledger accepts, anywhere: in a request, in an event's data or
 * metadata, in a read model. A string is refused if it holds any of these code points:
 *
 * - U+0000: PostgreSQL `text` and `jsonb` cannot hold it, so a projection or a KYC row would
 *   fail on it forever.
 * - Other control characters except tab, line feed and carriage return (U+0001–U+0008, U+000B,
 *   U+000C, U+000E–U+001F, U+007F–U+009F): invisible, never part of a name or a note, and able
 *   to rewrite a terminal or a log line.
 * - A lone surrogate (U+D800–U+DFFF not in a valid pair): not Unicode at all. RFC 8785 requires
 *   a canonicaliser to refuse it, UTF-8 cannot encode it, and PostgreSQL would silently store
 *   U+FFFD in its place, so the stored text would no longer be what was hashed.
 * - A Unicode noncharacter (U+FDD0–U+FDEF and the last two code points of every plane,
 *   U+FFFE, U+FFFF … U+10FFFE, U+10FFFF): I-JSON (RFC 7493 §2.1), which RFC 8785 builds on,
 *   forbids them.
 */
const PLANE_ENDS = Array.from(
  { length: 16 },
  (_, index) => `\\u{${(index + 1).toString(16)}fffe}-\\u{${(index + 1).toString(16)}ffff}`,
).join('');
// With the `u` flag a valid surrogate pair is one code point, so the D800–DFFF range only ever matches a lone half.
const UNSTORABLE = new RegExp(
  `[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u{d800}-\\u{dfff}\\u{fdd0}-\\u{fdef}\\u{fffe}\\u{ffff}${PLANE_ENDS}]`,
  'u',
);

export interface UnstorableCharacter {
  /** UTF-16 index of the character in the text. */
  index: number;
  /** `U+0000` style. */
  codePoint: string;
  kind: 'control character' | 'lone surrogate' | 'noncharacter';
}

/** The first code point of `text` the ledger refuses, or null when it may be stored. */
export function findUnstorableCharacter(text: string): UnstorableCharacter | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  const value = match[0].codePointAt(0) as number;
  const kind =
    value <= 0x9f ? 'control character' : value >= 0xd800 && value <= 0xdfff ? 'lone surrogate' : 'noncharacter';
  return { index: match.index, codePoint: `U+${value.toString(16).toUpperCase().padStart(4, '0')}`, kind };
}

/** One line for an error message: what was found and what the rule is. */
export function describeUnstorable(found: UnstorableCharacter): string {
  return `contains ${found.codePoint} (a ${found.kind}) at index ${found.index}; text may not hold NUL or other control characters except tab and line breaks, lone surrogates or Unicode noncharacters`;
}

// With the `u` flag a valid surrogate pair is one code point, so this only matches a lone half.
const LONE_SURROGATE = /[\u{d800}-\u{dfff}]/u;

/** Whether the text holds a lone surrogate: a string with no UTF-8, which RFC 8785 can't write either. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
