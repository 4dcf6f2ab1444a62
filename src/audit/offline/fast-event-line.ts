import { hash as oneShotHash } from 'node:crypto';
import { HASH_SIZE_BYTES, writeDigest } from '../../platform/chain/merkle';
import { provesCanonicalBytes } from '../../platform/chain/canonical-scanner';
import { isCanonicalText } from '../../platform/chain/canonical-text';

/** Where each line's fields sit in its chunk (byte offsets), FAST_FIELDS per line. */
export const FAST_FIELDS = 13;
export const FastField = {
  TxIdStart: 0,
  TxIdEnd: 1,
  PositionStart: 2,
  PositionEnd: 3,
  StreamIdStart: 4,
  StreamIdEnd: 5,
  EventIdStart: 6,
  EventIdEnd: 7,
  TypeStart: 8,
  TypeEnd: 9,
  PrevHashStart: 10,
  HashStart: 11,
  /** -1 for an unsealed event. */
  LeafHashStart: 12,
} as const;

/** Where a line that passed the fast path writes what the main thread needs. */
export interface FastLineOutput {
  fields: Int32Array;
  /** revision, leafIndex (-1: none) per line. */
  numbers: Float64Array;
  /** SHA-256(0x00 ‖ hash), 32 bytes per line. */
  leaves: Buffer;
  /** prevHash then hash, 32 bytes each, 64 per line: the main thread compares links as bytes. */
  hashes: Uint8Array;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HEX_DIGITS = 2 * HASH_SIZE_BYTES;
/** 15 digits are below 2^53: such a revision is representable and safe as a number. */
const MAX_FAST_DIGITS = 15;
const CHECKPOINT_STREAM_BYTES = Buffer.from('ledger-checkpoints');
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit += 1) HEX_VALUE['0123456789abcdef'.charCodeAt(digit)] = digit;

const ascii = (text: string) => Buffer.from(text, 'latin1');
/** The exact bytes BundleWriter writes between the values, in its member order. */
const KEY = {
  txId: ascii('{"txId":"'),
  globalPosition: ascii('","globalPosition":"'),
  streamId: ascii('","streamId":"'),
  revision: ascii('","revision":"'),
  eventId: ascii('","eventId":"'),
  type: ascii('","type":"'),
  dataText: ascii('","dataText":"'),
  metadataText: ascii('","metadataText":"'),
  prevHash: ascii('","prevHash":"'),
  hash: ascii('","hash":"'),
  recordedAt: ascii('","recordedAt":"'),
  leafIndex: ascii('","leafIndex":'),
  leafHash: ascii(',"leafHash":'),
};
const NULL = ascii('null');
const ENVELOPE = {
  data: ascii('{"data":'),
  eventId: ascii(',"eventId":"'),
  metadata: ascii('","metadata":'),
  revision: ascii(',"revision":'),
  streamId: ascii(',"streamId":"'),
  type: ascii('","type":"'),
  end: ascii('"}'),
};

/**
 * The fast path for one line of events.jsonl: reads the line as bytes, in the one layout
 * BundleWriter writes (its member order, no whitespace, ids free of escapes), and makes every
 * check of that event that needs no other event - the schema, the chain hash over the RFC 8785
 * envelope, data and metadata their own canonical form (isCanonicalText, the exact check), the
 * stored leaf hash - without JSON.parse and without a string per field.
 *
 * It answers true only when the line is in that layout AND every check passes; then what it
 * wrote is exactly what JSON.parse and the schema would have given. Anything else - another
 * layout, an escape it does not decode, a `\u` anywhere in data or metadata (which could hide a
 * lone surrogate), a failed check, an event of the checkpoint stream - answers false, and the
 * caller checks the line the general way (parseEventLine, checkContent), which words the finding.
 */
export function checkFastLine(
  bytes: Uint8Array,
  start: number,
  end: number,
  index: number,
  out: FastLineOutput,
): boolean {
  return scanner.check(bytes, start, end, index, out);
}

class FastLineScanner {
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;
  private end = 0;
  /** prevHash ‖ envelope, built while the line is read; then the stored hash and the leaf input. */
  private readonly envelope = Buffer.allocUnsafe(256 * 1024);
  /** The same memory as a plain Uint8Array: its subarray() skips Buffer's species constructor, a large share of a short hash's cost. */
  private readonly envelopeBytes = new Uint8Array(this.envelope.buffer, this.envelope.byteOffset, this.envelope.length);
  private length = 0;
  private readonly stored = Buffer.allocUnsafe(1 + HASH_SIZE_BYTES);
  private readonly storedBytes = new Uint8Array(this.stored.buffer, this.stored.byteOffset, this.stored.length);
  private readonly leafHash = Buffer.allocUnsafe(HASH_SIZE_BYTES);
  private dataStart = 0;
  private dataEnd = 0;
  private metadataStart = 0;
  private metadataEnd = 0;

  check(bytes: Uint8Array, start: number, end: number, index: number, out: FastLineOutput): boolean {
    // The envelope is never longer than the line plus its keys: a longer line takes the general path.
    if (end - start + 128 > this.envelope.length) return false;
    this.bytes = bytes;
    this.at = start;
    this.end = end;
    const fields = out.fields;
    const base = index * FAST_FIELDS;
    if (!this.literal(KEY.txId) || !this.decimal(fields, base + FastField.TxIdStart, Infinity)) return false;
    if (!this.literal(KEY.globalPosition) || !this.decimal(fields, base + FastField.PositionStart, Infinity))
      return false;
    if (!this.literal(KEY.streamId) || !this.plain(fields, base + FastField.StreamIdStart)) return false;
    if (this.isCheckpointStream(fields[base + FastField.StreamIdStart], fields[base + FastField.StreamIdEnd]))
      return false;
    if (!this.literal(KEY.revision)) return false;
    const revisionAt = this.at;
    if (!this.digits(MAX_FAST_DIGITS) || this.bytes[this.at] !== QUOTE) return false;
    const revisionEnd = this.at;
    out.numbers[2 * index] = this.number(revisionAt, revisionEnd);
    if (!this.literal(KEY.eventId) || !this.plain(fields, base + FastField.EventIdStart)) return false;
    if (!this.literal(KEY.type) || !this.plain(fields, base + FastField.TypeStart)) return false;
    this.length = HASH_SIZE_BYTES;
    this.append(ENVELOPE.data);
    if (!this.literal(KEY.dataText) || !this.unescapeInto('data')) return false;
    this.append(ENVELOPE.eventId);
    this.copy(fields[base + FastField.EventIdStart], fields[base + FastField.EventIdEnd]);
    this.append(ENVELOPE.metadata);
    if (!this.literal(KEY.metadataText) || !this.unescapeInto('metadata')) return false;
    this.append(ENVELOPE.revision);
    this.copy(revisionAt, revisionEnd);
    this.append(ENVELOPE.streamId);
    this.copy(fields[base + FastField.StreamIdStart], fields[base + FastField.StreamIdEnd]);
    this.append(ENVELOPE.type);
    this.copy(fields[base + FastField.TypeStart], fields[base + FastField.TypeEnd]);
    this.append(ENVELOPE.end);
    fields[base + FastField.PrevHashStart] = this.at + KEY.prevHash.length;
    if (!this.literal(KEY.prevHash) || !this.hex(this.envelope, 0)) return false;
    fields[base + FastField.HashStart] = this.at + KEY.hash.length;
    if (!this.literal(KEY.hash) || !this.hex(this.stored, 1)) return false;
    if (!this.literal(KEY.recordedAt) || !this.plain(fields, -1)) return false;
    // Hashes last, and only for a line whose every member has been read.
    const passed =
      this.leafMembers(fields, base, index, out) &&
      this.contentHolds() &&
      this.leafHolds(fields[base + FastField.LeafHashStart], index, out);
    if (passed) this.copyHashes(out.hashes, index * 2 * HASH_SIZE_BYTES);
    return passed;
  }

  /** prevHash (decoded at the envelope's start) and hash (after the leaf prefix in `stored`). */
  private copyHashes(target: Uint8Array, offset: number): void {
    // Locals: a store into one typed array makes the JIT reload a field holding another.
    const envelope = this.envelope;
    const stored = this.stored;
    for (let byte = 0; byte < HASH_SIZE_BYTES; byte += 1) {
      target[offset + byte] = envelope[byte];
      target[offset + HASH_SIZE_BYTES + byte] = stored[1 + byte];
    }
  }

  /** `"leafIndex":N|null,"leafHash":"hex"|null}` to the end of the line: both null or neither. */
  private leafMembers(fields: Int32Array, base: number, index: number, out: FastLineOutput): boolean {
    if (!this.literal(KEY.leafIndex)) return false;
    let leafIndex = -1;
    if (!this.literal(NULL)) {
      const digitsAt = this.at;
      if (!this.digits(MAX_FAST_DIGITS)) return false;
      leafIndex = this.number(digitsAt, this.at);
    }
    out.numbers[2 * index + 1] = leafIndex;
    if (!this.literal(KEY.leafHash)) return false;
    if (this.literal(NULL)) {
      fields[base + FastField.LeafHashStart] = -1;
    } else {
      fields[base + FastField.LeafHashStart] = this.at + 1;
      if (this.bytes[this.at] !== QUOTE) return false;
      this.at += 1;
      if (!this.hex(this.leafHash, 0) || this.bytes[this.at] !== QUOTE) return false;
      this.at += 1;
    }
    return (
      this.bytes[this.at] === 0x7d &&
      this.at + 1 === this.end &&
      (leafIndex === -1) === (fields[base + FastField.LeafHashStart] === -1)
    );
  }

  /** The chain hash of the envelope equals the stored hash, and data and metadata are canonical. */
  private contentHolds(): boolean {
    // A 'binary' (latin1) digest, one character per byte, costs half what a Buffer digest does in Node 20.
    if (!sameBytes(oneShotHash('sha256', this.envelopeBytes.subarray(0, this.length), 'binary'), this.stored, 1))
      return false;
    return this.canonical(this.dataStart, this.dataEnd) && this.canonical(this.metadataStart, this.metadataEnd);
  }

  /** Proven where it sits (the chunk is valid UTF-8, and so is what unescaping left), else the exact check. */
  private canonical(start: number, end: number): boolean {
    return (
      provesCanonicalBytes(this.envelopeBytes, start, end) ||
      isCanonicalText(this.envelope.toString('utf8', start, end))
    );
  }

  private leafHolds(leafHashAt: number, index: number, out: FastLineOutput): boolean {
    this.stored[0] = 0x00;
    const leaf = oneShotHash('sha256', this.storedBytes, 'binary');
    writeDigest(leaf, out.leaves, index * HASH_SIZE_BYTES);
    return leafHashAt === -1 || sameBytes(leaf, this.leafHash, 0);
  }

  private literal(expected: Uint8Array): boolean {
    const bytes = this.bytes;
    const at = this.at;
    if (at + expected.length > this.end) return false;
    for (let offset = 0; offset < expected.length; offset += 1)
      if (bytes[at + offset] !== expected[offset]) return false;
    this.at = at + expected.length;
    return true;
  }

  /** A non-empty string up to the next quote, with no escape and no control character: its bytes are its value and its JCS form. */
  private plain(fields: Int32Array, slot: number): boolean {
    const bytes = this.bytes;
    const end = this.end;
    const start = this.at;
    let at = start;
    while (at < end && bytes[at] !== QUOTE) {
      if (bytes[at] === BACKSLASH || bytes[at] < 0x20) return false;
      at += 1;
    }
    if (at === start || at >= end) return false;
    if (slot >= 0) {
      fields[slot] = start;
      fields[slot + 1] = at;
    }
    this.at = at;
    return true;
  }

  /** `0` or `[1-9][0-9]*` up to the closing quote, at most `maxDigits` long. */
  private decimal(fields: Int32Array, slot: number, maxDigits: number): boolean {
    const start = this.at;
    if (!this.digits(maxDigits) || this.bytes[this.at] !== QUOTE) return false;
    fields[slot] = start;
    fields[slot + 1] = this.at;
    return true;
  }

  private digits(maxDigits: number): boolean {
    const bytes = this.bytes;
    const end = this.end;
    const start = this.at;
    let at = start;
    while (at < end && bytes[at] >= 0x30 && bytes[at] <= 0x39) at += 1;
    if (at === start || at - start > maxDigits || (bytes[start] === 0x30 && at - start > 1)) return false;
    this.at = at;
    return true;
  }

  private number(start: number, end: number): number {
    let value = 0;
    for (let at = start; at < end; at += 1) value = value * 10 + (this.bytes[at] - 0x30);
    return value;
  }

  /** 64 lowercase hex digits, decoded into target at offset. */
  private hex(target: Buffer, offset: number): boolean {
    const bytes = this.bytes;
    const values = HEX_VALUE;
    const at = this.at;
    if (at + HEX_DIGITS > this.end) return false;
    for (let byte = 0; byte < HASH_SIZE_BYTES; byte += 1) {
      const high = values[bytes[at + 2 * byte]];
      const low = values[bytes[at + 2 * byte + 1]];
      if (high < 0 || low < 0) return false;
      target[offset + byte] = (high << 4) | low;
    }
    this.at = at + HEX_DIGITS;
    return true;
  }

  /**
   * A JSON string holding data or metadata text, decoded into the envelope. Only `\"` and `\\`
   * are decoded (all BundleWriter writes for canonical text); any other escape, and a decoded
   * `\u`, leave the line to the general path.
   */
  private unescapeInto(member: 'data' | 'metadata'): boolean {
    const bytes = this.bytes;
    const end = this.end;
    const target = this.envelope;
    const start = this.length;
    let length = start;
    let at = this.at;
    // Locals throughout: a store into the envelope makes the JIT reload any field read in the loop.
    for (;;) {
      if (at >= end) return false;
      const byte = bytes[at];
      if (byte === QUOTE) break;
      if (byte < 0x20) return false;
      if (byte === BACKSLASH) {
        const escaped = bytes[at + 1];
        if (escaped !== QUOTE && escaped !== BACKSLASH) return false;
        target[length++] = escaped;
        at += 2;
        continue;
      }
      if (byte === 0x75 && length > start && target[length - 1] === BACKSLASH) return false;
      target[length++] = byte;
      at += 1;
    }
    this.at = at;
    this.length = length;
    if (member === 'data') {
      this.dataStart = start;
      this.dataEnd = length;
    } else {
      this.metadataStart = start;
      this.metadataEnd = length;
    }
    return true;
  }

  private append(literal: Uint8Array): void {
    this.envelope.set(literal, this.length);
    this.length += literal.length;
  }

  private copy(start: number, end: number): void {
    const bytes = this.bytes;
    const target = this.envelope;
    let length = this.length;
    for (let at = start; at < end; at += 1) target[length++] = bytes[at];
    this.length = length;
  }

  private isCheckpointStream(start: number, end: number): boolean {
    if (end - start !== CHECKPOINT_STREAM_BYTES.length) return false;
    for (let offset = 0; offset < CHECKPOINT_STREAM_BYTES.length; offset += 1)
      if (this.bytes[start + offset] !== CHECKPOINT_STREAM_BYTES[offset]) return false;
    return true;
  }
}

const scanner = new FastLineScanner();

/** Whether a latin1 digest holds the 32 bytes at `offset` of `bytes`. */
function sameBytes(digest: string, bytes: Uint8Array, offset: number): boolean {
  for (let at = 0; at < HASH_SIZE_BYTES; at += 1) if (digest.charCodeAt(at) !== bytes[offset + at]) return false;
  return true;
}
