import { canonicalJson } from './canonical-json';

/**
 * Whether `text` is the RFC 8785 (JCS) form of itself — exactly `canonicalJson(JSON.parse(text))
 * === text`, false for anything that is not JSON — for the verifier, which asks this of every
 * stored event's data and metadata. Three tiers, each falling through only when it cannot tell:
 *
 * 1. a single pass over the characters that proves the usual text canonical without building
 *    any object (see `provesCanonical`);
 * 2. JSON.parse, then the native JSON.stringify must give the text back and every object's keys
 *    must already be in UTF-16 order (JCS writes numbers and strings as JSON.stringify does and
 *    differs from it only in the key order);
 * 3. the full canonicalisation, compared with the text.
 *
 * Tiers 1 and 2 only ever answer true when the definition does; everything else is decided by 3.
 */
export function isCanonicalText(text: string): boolean {
  if (provesCanonical(text)) return true;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (JSON.stringify(value) === text && keysInCodeUnitOrder(value)) return true;
  try {
    return canonicalJson(value) === text;
  } catch {
    return false;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True only if `text` is valid JSON with no whitespace, whose strings are written exactly as
 * JSON.stringify writes them (no control characters, no lone surrogates, escapes only \" \\ \b
 * \f \n \r \t), whose numbers are written as JavaScript writes them (`String(Number(token))`),
 * and whose object keys, free of escapes, strictly increase in UTF-16 code-unit order. Such a
 * text is its own JCS form. False means "not proven": `\u` escapes, escaped keys, `-0`, `1E2`,
 * whitespace or anything invalid are left to the other tiers.
 */
export function provesCanonical(text: string): boolean {
  const end = text.length;
  let at = 0;
  /** Set by string() when the string it just read had an escape. */
  let escaped = false;

  const digits = (): boolean => {
    const first = text.charCodeAt(at);
    if (!(first >= 0x30 && first <= 0x39)) return false;
    do at += 1;
    while (text.charCodeAt(at) >= 0x30 && text.charCodeAt(at) <= 0x39);
    return true;
  };

  const number = (): boolean => {
    const start = at;
    if (text.charCodeAt(at) === 0x2d) at += 1;
    if (text.charCodeAt(at) === 0x30) at += 1;
    else if (!digits()) return false;
    if (text.charCodeAt(at) === 0x2e) {
      at += 1;
      if (!digits()) return false;
    }
    const exponent = text.charCodeAt(at);
    if (exponent === 0x65 || exponent === 0x45) {
      at += 1;
      const sign = text.charCodeAt(at);
      if (sign === 0x2b || sign === 0x2d) at += 1;
      if (!digits()) return false;
    }
    const token = text.slice(start, at);
    const parsed = Number(token);
    return Number.isFinite(parsed) && String(parsed) === token;
  };

  /** From an opening quote to just past the closing one. */
  const string = (): boolean => {
    at += 1;
    escaped = false;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        at += 1;
        return true;
      }
      if (code === BACKSLASH) {
        const next = text.charCodeAt(at + 1);
        // \" \\ \b \f \n \r \t: the only escapes JSON.stringify writes other than \u.
        if (next === QUOTE || next === BACKSLASH || next === 0x62 || next === 0x66 || next === 0x6e || next === 0x72 || next === 0x74) {
          escaped = true;
          at += 2;
          continue;
        }
        return false;
      }
      if (code < 0x20) return false;
      if (code >= 0xd800 && code <= 0xdfff) {
        // A surrogate must be the high half of a pair; a lone one JSON.stringify would escape.
        const low = text.charCodeAt(at + 1);
        if (code >= 0xdc00 || !(low >= 0xdc00 && low <= 0xdfff)) return false;
        at += 2;
        continue;
      }
      at += 1;
    }
    return false;
  };

  /** Whether key [aStart, aEnd) sorts strictly before key [bStart, bEnd), by UTF-16 code units. */
  const before = (aStart: number, aEnd: number, bStart: number, bEnd: number): boolean => {
    const length = Math.min(aEnd - aStart, bEnd - bStart);
    for (let offset = 0; offset < length; offset += 1) {
      const a = text.charCodeAt(aStart + offset);
      const b = text.charCodeAt(bStart + offset);
      if (a !== b) return a < b;
    }
    return aEnd - aStart < bEnd - bStart;
  };

  const object = (): boolean => {
    at += 1;
    if (text.charCodeAt(at) === 0x7d) {
      at += 1;
      return true;
    }
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      if (text.charCodeAt(at) !== QUOTE) return false;
      const keyStart = at + 1;
      if (!string()) return false;
      const keyEnd = at - 1;
      // An escaped key's characters are not its text: leave it to the other tiers.
      if (escaped) return false;
      if (previousStart !== -1 && !before(previousStart, previousEnd, keyStart, keyEnd)) return false;
      previousStart = keyStart;
      previousEnd = keyEnd;
      if (text.charCodeAt(at) !== 0x3a) return false;
      at += 1;
      if (!value()) return false;
      const next = text.charCodeAt(at);
      at += 1;
      if (next === 0x2c) continue;
      return next === 0x7d;
    }
  };

  const array = (): boolean => {
    at += 1;
    if (text.charCodeAt(at) === 0x5d) {
      at += 1;
      return true;
    }
    for (;;) {
      if (!value()) return false;
      const next = text.charCodeAt(at);
      at += 1;
      if (next === 0x2c) continue;
      return next === 0x5d;
    }
  };

  const literal = (word: string): boolean => {
    if (!text.startsWith(word, at)) return false;
    at += word.length;
    return true;
  };

  const value = (): boolean => {
    const code = text.charCodeAt(at);
    if (code === QUOTE) return string();
    if (code === 0x7b) return object();
    if (code === 0x5b) return array();
    if (code === 0x74) return literal('true');
    if (code === 0x66) return literal('false');
    if (code === 0x6e) return literal('null');
    if (code === 0x2d || (code >= 0x30 && code <= 0x39)) return number();
    return false;
  };

  try {
    return value() && at === end;
  } catch {
    return false; // nesting deep enough to overflow the stack: not proven here
  }
}

function keysInCodeUnitOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!keysInCodeUnitOrder(item)) return false;
    return true;
  }
  let previous: string | null = null;
  for (const key of Object.keys(value)) {
    // String `<` compares UTF-16 code units, the order JCS (and Array.prototype.sort) uses.
    if (previous !== null && !(previous < key)) return false;
    previous = key;
    if (!keysInCodeUnitOrder((value as Record<string, unknown>)[key])) return false;
  }
  return true;
}
