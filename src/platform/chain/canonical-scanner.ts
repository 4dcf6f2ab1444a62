import { hasLoneSurrogate } from '../text/storable-text';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DOT = 0x2e;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
/**
 * A decimal of at most this many significant digits is recovered exactly from its double
 * (DBL_DIG), so no shorter digits name the same double and JavaScript writes it back as it is,
 * where its point sits inside the range JavaScript writes without an exponent.
 */
const EXACT_DIGITS = 15;
/** JavaScript writes 0.000001 as it is, and 0.0000001 as 1e-7. */
const MOST_ZEROS_AFTER_POINT = 5;
const LEAD_OF_FOUR_BYTES = 0xf0;
const LEAD_OF_E000_TO_FFFF = 0xee;
const TRUE = Uint8Array.of(0x74, 0x72, 0x75, 0x65);
const FALSE = Uint8Array.of(0x66, 0x61, 0x6c, 0x73, 0x65);
const NULL = Uint8Array.of(0x6e, 0x75, 0x6c, 0x6c);

/**
 * The one-pass scanner behind `provesCanonical`, over UTF-8 bytes: the offline verifier asks it of
 * every event's data and metadata where they sit in the chunk it read, so no string is made for
 * them. Its state lives on one reused instance rather than in closures, which were a large share of
 * each call's cost and garbage.
 */
class CanonicalScanner {
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;
  /** Set by string() when the string it just read had an escape. */
  private escaped = false;

  proves(bytes: Uint8Array, start: number, end: number): boolean {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    try {
      return this.value() && this.at === end;
    } catch {
      return false; // nesting deep enough to overflow the stack: not proven here
    } finally {
      this.bytes = new Uint8Array(0);
    }
  }

  /** The byte at `at`, or -1 past the end: every read goes through the end of the text. */
  private byteAt(at: number): number {
    return at < this.end ? this.bytes[at] : -1;
  }

  private value(): boolean {
    const code = this.byteAt(this.at);
    if (code === QUOTE) return this.string();
    if (code === 0x7b) return this.object();
    if (code === 0x5b) return this.array();
    if (code === 0x74) return this.literal(TRUE);
    if (code === 0x66) return this.literal(FALSE);
    if (code === 0x6e) return this.literal(NULL);
    if (code === MINUS || (code >= DIGIT_ZERO && code <= DIGIT_NINE)) return this.number();
    return false;
  }

  private digits(): boolean {
    let at = this.at;
    const first = this.byteAt(at);
    if (!(first >= DIGIT_ZERO && first <= DIGIT_NINE)) return false;
    do at += 1;
    while (this.byteAt(at) >= DIGIT_ZERO && this.byteAt(at) <= DIGIT_NINE);
    this.at = at;
    return true;
  }

  private number(): boolean {
    const start = this.at;
    const negative = this.byteAt(start) === MINUS;
    if (negative) this.at += 1;
    const integerStart = this.at;
    if (this.byteAt(this.at) === DIGIT_ZERO) this.at += 1;
    else if (!this.digits()) return false;
    const integerDigits = this.at - integerStart;
    let fractionStart = -1;
    if (this.byteAt(this.at) === DOT) {
      this.at += 1;
      fractionStart = this.at;
      if (!this.digits()) return false;
    }
    const fractionEnd = this.at;
    const exponent = this.byteAt(this.at);
    if (exponent === 0x65 || exponent === 0x45) {
      this.at += 1;
      const sign = this.byteAt(this.at);
      if (sign === 0x2b || sign === MINUS) this.at += 1;
      if (!this.digits()) return false;
      return this.writtenBack(start);
    }
    // A short integer other than -0 is written back as it is (the grammar above refused leading zeros).
    if (fractionStart === -1)
      return integerDigits <= EXACT_DIGITS
        ? !(negative && integerDigits === 1 && this.bytes[integerStart] === DIGIT_ZERO)
        : this.writtenBack(start);
    return this.exactDecimal(integerStart, integerDigits, fractionStart, fractionEnd) || this.writtenBack(start);
  }

  /** `I.F` with no trailing zero, few enough digits and the point where JavaScript writes it. */
  private exactDecimal(
    integerStart: number,
    integerDigits: number,
    fractionStart: number,
    fractionEnd: number,
  ): boolean {
    if (this.bytes[fractionEnd - 1] === DIGIT_ZERO) return false;
    if (integerDigits > 1 || this.bytes[integerStart] !== DIGIT_ZERO)
      return integerDigits + fractionEnd - fractionStart <= EXACT_DIGITS;
    let zeros = 0;
    while (this.bytes[fractionStart + zeros] === DIGIT_ZERO) zeros += 1;
    return zeros <= MOST_ZEROS_AFTER_POINT && fractionEnd - fractionStart - zeros <= EXACT_DIGITS;
  }

  /** The general rule for a number token, which makes a string: String(Number(token)) is the token. */
  private writtenBack(start: number): boolean {
    let token = '';
    for (let at = start; at < this.at; at += 1) token += String.fromCharCode(this.bytes[at]);
    const parsed = Number(token);
    return Number.isFinite(parsed) && String(parsed) === token;
  }

  /** From an opening quote to just past the closing one. */
  private string(): boolean {
    const bytes = this.bytes;
    const end = this.end;
    let at = this.at + 1;
    this.escaped = false;
    while (at < end) {
      const code = bytes[at];
      if (code === QUOTE) {
        this.at = at + 1;
        return true;
      }
      if (code === BACKSLASH) {
        const next = this.byteAt(at + 1);
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
      // Every other character JSON.stringify writes as it is, in UTF-8 here (the caller's bytes are valid UTF-8).
      if (code < 0x20) return false;
      at += 1;
    }
    return false;
  }

  /**
   * Whether key [aStart, aEnd) sorts strictly before key [bStart, bEnd) by UTF-16 code units. Their
   * UTF-8 bytes sort the same way but for one case: at the first difference, a character from
   * U+10000 up (a surrogate pair, D800 first) against one from U+E000 to U+FFFF.
   */
  private before(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    const length = Math.min(aEnd - aStart, bEnd - bStart);
    for (let offset = 0; offset < length; offset += 1) {
      const a = this.bytes[aStart + offset];
      const b = this.bytes[bStart + offset];
      if (a === b) continue;
      const surrogateAgainstHighPlane =
        Math.min(a, b) >= LEAD_OF_E000_TO_FFFF &&
        Math.min(a, b) < LEAD_OF_FOUR_BYTES &&
        Math.max(a, b) >= LEAD_OF_FOUR_BYTES;
      return surrogateAgainstHighPlane ? a > b : a < b;
    }
    return aEnd - aStart < bEnd - bStart;
  }

  private object(): boolean {
    this.at += 1;
    if (this.byteAt(this.at) === 0x7d) {
      this.at += 1;
      return true;
    }
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      if (this.byteAt(this.at) !== QUOTE) return false;
      const keyStart = this.at + 1;
      if (!this.string()) return false;
      const keyEnd = this.at - 1;
      // An escaped key's bytes are not its text: leave it to the other tiers.
      if (this.escaped) return false;
      if (previousStart !== -1 && !this.before(previousStart, previousEnd, keyStart, keyEnd)) return false;
      previousStart = keyStart;
      previousEnd = keyEnd;
      if (this.byteAt(this.at) !== COLON) return false;
      this.at += 1;
      if (!this.value()) return false;
      const next = this.byteAt(this.at);
      this.at += 1;
      if (next === COMMA) continue;
      return next === 0x7d;
    }
  }

  private array(): boolean {
    this.at += 1;
    if (this.byteAt(this.at) === 0x5d) {
      this.at += 1;
      return true;
    }
    for (;;) {
      if (!this.value()) return false;
      const next = this.byteAt(this.at);
      this.at += 1;
      if (next === COMMA) continue;
      return next === 0x5d;
    }
  }

  private literal(word: Uint8Array): boolean {
    for (let offset = 0; offset < word.length; offset += 1)
      if (this.byteAt(this.at + offset) !== word[offset]) return false;
    this.at += word.length;
    return true;
  }
}

const scanner = new CanonicalScanner();

/**
 * True only if `bytes[start, end)`, which must be valid UTF-8, is JSON with no whitespace, whose
 * strings are written exactly as JSON.stringify writes them (no control characters, escapes only
 * \" \\ \b \f \n \r \t), whose numbers are written as JavaScript writes them
 * (`String(Number(token))`), and whose object keys, free of escapes, strictly increase in UTF-16
 * code-unit order. Such a text is its own JCS form. False means "not proven": `\u` escapes,
 * escaped keys, `-0`, `1E2`, whitespace or anything invalid are left to the other tiers.
 */
export function provesCanonicalBytes(bytes: Uint8Array, start: number, end: number): boolean {
  return scanner.proves(bytes, start, end);
}

/** Where provesCanonical encodes a string: reused, as the online verifier asks it twice per event. */
let utf8 = Buffer.allocUnsafe(4096);

/** provesCanonicalBytes for a string: a lone surrogate has no UTF-8, and JCS would escape it. */
export function provesCanonical(text: string): boolean {
  if (hasLoneSurrogate(text)) return false;
  // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a pair, two units, takes 4).
  if (3 * text.length > utf8.length) utf8 = Buffer.allocUnsafe(3 * text.length);
  const length = utf8.write(text, 0, 'utf8');
  return scanner.proves(utf8, 0, length);
}
