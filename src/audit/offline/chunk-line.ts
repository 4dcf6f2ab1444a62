import { HASH_SIZE_BYTES } from '../../platform/chain/merkle';
import { CHECKPOINT_STREAM } from '../checkpoints/checkpoint';
import { HASH_WORDS, revisionNumber, type ChainBytes } from './byte-chains';
import { textKey } from './byte-string-set';
import type { ReadChunk } from './chunk-checker';
import { FAST_FIELDS, FastField } from './fast-event-line';
import type { LogEvent, PrecomputedChecks } from '../verification/log-verifier';

/** An event of events.jsonl as LogVerifier takes it, with what ByteChains reads of it. */
export interface LineEvent extends LogEvent, ChainBytes {}

/**
 * One line of a checked chunk as the verifier takes it, with the bytes of its feed place (for
 * FeedOrder) and of its event id (for the duplicate check), so that neither needs a string.
 */
export interface CheckedLine {
  event: LineEvent;
  precomputed: PrecomputedChecks;
  txId: string;
  globalPosition: string;
  /**
   * `lineBytes[txIdStart, txIdEnd)` are the txId's digits, `[positionStart, positionEnd)`
   * globalPosition's, `[eventIdStart, eventIdEnd)` the event id's key (textKey).
   */
  lineBytes: Uint8Array;
  txIdStart: number;
  txIdEnd: number;
  positionStart: number;
  positionEnd: number;
  eventIdStart: number;
  eventIdEnd: number;
}

const HEX_DIGITS = 2 * HASH_SIZE_BYTES;

/** Line `index` of the chunk as the verifier takes it: read from the chunk's bytes where the fast path passed it. */
export function lineAt(read: ReadChunk, index: number): CheckedLine {
  return read.checked.slow[index] ? slowLine(read, index) : new FastLine(read, index);
}

/** A line the general path read (one in thousands): its texts as parsed, its keys in bytes of its own. */
function slowLine({ checked: chunk, hashWords }: ReadChunk, index: number): CheckedLine {
  const slow = chunk.slow[index];
  if (!slow) throw new Error(`line ${index} of the chunk took the fast path`);
  const texts = chunk.texts[index];
  const feedPlace = slow.txId.length + slow.globalPosition.length;
  const eventIdKey = textKey(slow.eventId);
  const lineBytes = Buffer.concat([
    Buffer.from(`${slow.txId}${slow.globalPosition}`, 'latin1'),
    eventIdKey,
    textKey(slow.streamId),
  ]);
  const revision = BigInt(slow.revision);
  const event: LineEvent = {
    ...slow,
    revision,
    dataText: texts?.[0] ?? '',
    metadataText: texts?.[1] ?? '',
    streamKeyBytes: lineBytes,
    streamKeyStart: feedPlace + eventIdKey.length,
    streamKeyEnd: lineBytes.length,
    revisionNumber: revisionNumber(revision),
    hashWords,
    hashWordsAt: 2 * HASH_WORDS * index,
  };
  // Where no mismatch was found the recomputed leaf equals the stored one (or there is none).
  const precomputed = {
    leaves: chunk.leaves,
    leafAt: index * HASH_SIZE_BYTES,
    leafHex: chunk.leafMismatches[index] ?? slow.leafHash ?? '',
    content: chunk.contentProblems[index] ?? null,
    checkpointStream: slow.streamId === CHECKPOINT_STREAM,
  };
  return {
    event,
    precomputed,
    txId: slow.txId,
    globalPosition: slow.globalPosition,
    lineBytes,
    txIdStart: 0,
    txIdEnd: slow.txId.length,
    positionStart: slow.txId.length,
    positionEnd: feedPlace,
    eventIdStart: feedPlace,
    eventIdEnd: feedPlace + eventIdKey.length,
  };
}

/**
 * A line that passed the fast path, read from the chunk's bytes: the line, its event and its
 * precomputed checks in one object. The main thread checks every line in order, so what it
 * makes per line bounds the verifier's speed (issue #17.5): the checks read numbers and byte
 * offsets only, and each text (ids, hashes, type, feed place) is made when first asked for,
 * which is on a break or never. The fast path passed the line only when its stored leaf hash is
 * the recomputed one, its content holds, and it is not on the checkpoint stream.
 */
class FastLine implements CheckedLine, LineEvent, PrecomputedChecks {
  readonly lineBytes: Buffer;
  readonly leaves: Buffer;
  readonly hashWords: Int32Array;
  // Six fields and getters over the chunk's arrays, rather than a field per member: one of these
  // is made per event, and its size was a large share of the main thread's garbage.
  private readonly fields: Int32Array;
  private readonly numbers: Float64Array;
  private readonly index: number;

  constructor({ bytes, checked: chunk, hashWords }: ReadChunk, index: number) {
    this.lineBytes = bytes;
    this.leaves = chunk.leaves;
    this.hashWords = hashWords;
    this.fields = chunk.fields;
    this.numbers = chunk.numbers;
    this.index = index;
  }

  // Known for every fast line (see above): no stored leaf differs, no content problem, no texts.
  get leafHex(): null {
    return null;
  }

  get content(): null {
    return null;
  }

  get checkpointStream(): false {
    return false;
  }

  get dataText(): string {
    return '';
  }

  get metadataText(): string {
    return '';
  }

  get revisionNumber(): number {
    return this.numbers[2 * this.index];
  }

  get leafIndex(): number | null {
    const leafIndex = this.numbers[2 * this.index + 1];
    return leafIndex === -1 ? null : leafIndex;
  }

  get leafAt(): number {
    return this.index * HASH_SIZE_BYTES;
  }

  get hashWordsAt(): number {
    return 2 * HASH_WORDS * this.index;
  }

  get streamKeyStart(): number {
    return this.field(FastField.StreamIdStart);
  }

  get streamKeyEnd(): number {
    return this.field(FastField.StreamIdEnd);
  }

  get eventIdStart(): number {
    return this.field(FastField.EventIdStart);
  }

  get eventIdEnd(): number {
    return this.field(FastField.EventIdEnd);
  }

  get txIdStart(): number {
    return this.field(FastField.TxIdStart);
  }

  get txIdEnd(): number {
    return this.field(FastField.TxIdEnd);
  }

  get positionStart(): number {
    return this.field(FastField.PositionStart);
  }

  get positionEnd(): number {
    return this.field(FastField.PositionEnd);
  }

  get event(): LineEvent {
    return this;
  }

  get precomputed(): PrecomputedChecks {
    return this;
  }

  /** The fast path read the id's bytes unescaped: they are its UTF-8, its textKey. */
  get streamKeyBytes(): Uint8Array {
    return this.lineBytes;
  }

  get streamId(): string {
    return this.lineBytes.toString('utf8', this.streamKeyStart, this.streamKeyEnd);
  }

  get revision(): bigint {
    return BigInt(this.revisionNumber);
  }

  get eventId(): string {
    return this.lineBytes.toString('utf8', this.eventIdStart, this.eventIdEnd);
  }

  get type(): string {
    return this.text(FastField.TypeStart, FastField.TypeEnd);
  }

  get prevHash(): string {
    return this.hex(this.field(FastField.PrevHashStart));
  }

  get hash(): string {
    return this.hex(this.field(FastField.HashStart));
  }

  get leafHash(): string | null {
    const start = this.field(FastField.LeafHashStart);
    return start === -1 ? null : this.hex(start);
  }

  get txId(): string {
    return this.lineBytes.toString('latin1', this.txIdStart, this.txIdEnd);
  }

  get globalPosition(): string {
    return this.lineBytes.toString('latin1', this.positionStart, this.positionEnd);
  }

  private field(field: number): number {
    return this.fields[this.index * FAST_FIELDS + field];
  }

  private text(startField: number, endField: number): string {
    return this.lineBytes.toString('utf8', this.field(startField), this.field(endField));
  }

  private hex(start: number): string {
    return this.lineBytes.toString('latin1', start, start + HEX_DIGITS);
  }
}
