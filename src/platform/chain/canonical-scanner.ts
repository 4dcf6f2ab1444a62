const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
/** An integer of at most this many digits is below 2^53, so JavaScript writes it back digit for digit. */
const EXACT_INTEGER_DIGITS = 15;

/**
 * The one-pass scanner behind `provesCanonical`. Its state lives on one reused instance rather
 * than in closures, because the verifier calls it twice per event and closures made per call
 * were a large share of that call's cost and garbage.
 */
class CanonicalScanner {
  private text = '';
  private at = 0;
  /** Set by string() when the string it just read had an escape. */
  private escaped = false;
  /** Whether the text holds no backslash, control character or surrogate, so a string ends at the next quote. */
  private plain = false;

  proves(text: string): boolean {
    this.text = text;
    this.at = 0;
    this.plain = !NEEDS_CHARACTER_CHECKS.test(text);
    try {
      return this.value() && this.at === text.length;
    } catch {
      return false; // nesting deep enough to overflow the stack: not proven here
    } finally {
      this.text = '';
    }
  }

  private value(): boolean {
    const code = this.text.charCodeAt(this.at);
    if (code === QUOTE) return this.string();
    if (code === 0x7b) return this.object();
    if (code === 0x5b) return this.array();
    if (code === 0x74) return this.literal('true');
    if (code === 0x66) return this.literal('false');
    if (code === 0x6e) return this.literal('null');
    if (code === MINUS || (code >= DIGIT_ZERO && code <= DIGIT_NINE)) return this.number();
    return false;
  }

  private digits(): boolean {
    const text = this.text;
    let at = this.at;
    const first = text.charCodeAt(at);
    if (!(first >= DIGIT_ZERO && first <= DIGIT_NINE)) return false;
    do at += 1;
    while (text.charCodeAt(at) >= DIGIT_ZERO && text.charCodeAt(at) <= DIGIT_NINE);
    this.at = at;
    return true;
  }

  private number(): boolean {
    const text = this.text;
    const start = this.at;
    if (text.charCodeAt(this.at) === MINUS) this.at += 1;
    if (text.charCodeAt(this.at) === DIGIT_ZERO) this.at += 1;
    else if (!this.digits()) return false;
    let integer = true;
    if (text.charCodeAt(this.at) === 0x2e) {
      this.at += 1;
      integer = false;
      if (!this.digits()) return false;
    }
    const exponent = text.charCodeAt(this.at);
    if (exponent === 0x65 || exponent === 0x45) {
      this.at += 1;
      integer = false;
      const sign = text.charCodeAt(this.at);
      if (sign === 0x2b || sign === MINUS) this.at += 1;
      if (!this.digits()) return false;
    }
    // A short integer other than -0 is written back as it is (the grammar above already refused
    // leading zeros); anything else is checked by value.
    const negative = text.charCodeAt(start) === MINUS;
    if (integer && this.at - start - (negative ? 1 : 0) <= EXACT_INTEGER_DIGITS) {
      return !(negative && text.charCodeAt(start + 1) === DIGIT_ZERO);
    }
    const token = text.slice(start, this.at);
    const parsed = Number(token);
    return Number.isFinite(parsed) && String(parsed) === token;
  }

  /** From an opening quote to just past the closing one. */
  private string(): boolean {
    if (this.plain) {
      // Nothing in the text needs a look character by character: the next quote closes it.
      const closing = this.text.indexOf('"', this.at + 1);
      this.escaped = false;
      this.at = closing + 1;
      return closing !== -1;
    }
    const text = this.text;
    const end = text.length;
    let at = this.at + 1;
    this.escaped = false;
    while (at < end) {
      const code = text.charCodeAt(at);
      if (code === QUOTE) {
        this.at = at + 1;
        return true;
      }
      if (code === BACKSLASH) {
        const next = text.charCodeAt(at + 1);
        // \" \\ \b \f \n \r \t: the only escapes JSON.stringify writes other than \u.
        if (
          next === QUOTE ||
          next === BACKSLASH ||
          next === 0x62 ||
          next === 0x66 ||
          next === 0x6e ||
          next === 0x72 ||
          next === 0x74
        ) {
          this.escaped = true;
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
  }

  /** Whether key [aStart, aEnd) sorts strictly before key [bStart, bEnd), by UTF-16 code units. */
  private before(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    const length = Math.min(aEnd - aStart, bEnd - bStart);
    for (let offset = 0; offset < length; offset += 1) {
      const a = this.text.charCodeAt(aStart + offset);
      const b = this.text.charCodeAt(bStart + offset);
      if (a !== b) return a < b;
    }
    return aEnd - aStart < bEnd - bStart;
  }

  private object(): boolean {
    this.at += 1;
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at += 1;
      return true;
    }
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      if (this.text.charCodeAt(this.at) !== QUOTE) return false;
      const keyStart = this.at + 1;
      if (!this.string()) return false;
      const keyEnd = this.at - 1;
      // An escaped key's characters are not its text: leave it to the other tiers.
      if (this.escaped) return false;
      if (previousStart !== -1 && !this.before(previousStart, previousEnd, keyStart, keyEnd)) return false;
      previousStart = keyStart;
      previousEnd = keyEnd;
      if (this.text.charCodeAt(this.at) !== COLON) return false;
      this.at += 1;
      if (!this.value()) return false;
      const next = this.text.charCodeAt(this.at);
      this.at += 1;
      if (next === COMMA) continue;
      return next === 0x7d;
    }
  }

  private array(): boolean {
    this.at += 1;
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at += 1;
      return true;
    }
    for (;;) {
      if (!this.value()) return false;
      const next = this.text.charCodeAt(this.at);
      this.at += 1;
      if (next === COMMA) continue;
      return next === 0x5d;
    }
  }

  private literal(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }
}

/** What only the character-by-character string check can judge: escapes, control characters, surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const NEEDS_CHARACTER_CHECKS = /[\\\u0000-\u001f\ud800-\udfff]/;

const scanner = new CanonicalScanner();

/**
 * True only if `text` is valid JSON with no whitespace, whose strings are written exactly as
 * JSON.stringify writes them (no control characters, no lone surrogates, escapes only \" \\ \b
 * \f \n \r \t), whose numbers are written as JavaScript writes them (`String(Number(token))`),
 * and whose object keys, free of escapes, strictly increase in UTF-16 code-unit order. Such a
 * text is its own JCS form. False means "not proven": `\u` escapes, escaped keys, `-0`, `1E2`,
 * whitespace or anything invalid are left to the other tiers.
 */
export function provesCanonical(text: string): boolean {
  return scanner.proves(text);
}
