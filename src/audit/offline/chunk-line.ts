import { HASH_SIZE_BYTES } from '../../platform/chain/merkle';
import type { ReadChunk } from './chunk-checker';
import { FAST_FIELDS, FastField } from './fast-event-line';
import type { LogEvent, PrecomputedChecks } from '../verification/log-verifier';

/** One line of a checked chunk as the verifier takes it, with the bytes of its feed place for FeedOrder. */
export interface CheckedLine {
  event: LogEvent;
  precomputed: PrecomputedChecks;
  txId: string;
  globalPosition: string;
  /** `feedBytes[txIdStart, txIdEnd)` are the txId's digits, `[positionStart, positionEnd)` globalPosition's. */
  feedBytes: Uint8Array;
  txIdStart: number;
  txIdEnd: number;
  positionStart: number;
  positionEnd: number;
}

const HEX_DIGITS = 2 * HASH_SIZE_BYTES;

/** Line `index` of the chunk as the verifier takes it: read from the chunk's bytes where the fast path passed it. */
export function lineAt(read: ReadChunk, index: number): CheckedLine {
  return read.checked.slow[index] ? slowLine(read, index) : new FastLine(read, index);
}

function slowLine({ checked: chunk }: ReadChunk, index: number): CheckedLine {
  const slow = chunk.slow[index];
  if (!slow) throw new Error(`line ${index} of the chunk took the fast path`);
  const texts = chunk.texts[index];
  const event = {
    ...slow,
    revision: BigInt(slow.revision),
    dataText: texts?.[0] ?? '',
    metadataText: texts?.[1] ?? '',
  };
  // Where no mismatch was found the recomputed leaf equals the stored one (or there is none).
  const precomputed = {
    leaf: chunk.leaves.subarray(index * HASH_SIZE_BYTES, (index + 1) * HASH_SIZE_BYTES),
    leafHex: chunk.leafMismatches[index] ?? slow.leafHash ?? '',
    content: chunk.contentProblems[index] ?? null,
  };
  const feedBytes = Buffer.from(`${slow.txId}${slow.globalPosition}`, 'latin1');
  return {
    event,
    precomputed,
    txId: slow.txId,
    globalPosition: slow.globalPosition,
    feedBytes,
    txIdStart: 0,
    txIdEnd: slow.txId.length,
    positionStart: slow.txId.length,
    positionEnd: feedBytes.length,
  };
}

/**
 * A line that passed the fast path, read from the chunk's bytes: the line, its event and its
 * precomputed checks in one object, and each text the verifier reads only on a break or for a
 * checkpoint (type, txId, globalPosition) made when first asked for. The main thread checks every
 * line in order, so what it allocates per line bounds the verifier's speed (issue #17.5).
 * The fast path passed the line only when its stored leaf hash is the recomputed one and its
 * content holds, so leafHex is the stored leaf hash itself and content is null.
 */
class FastLine implements CheckedLine, LogEvent, PrecomputedChecks {
  readonly streamId: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly leafIndex: number | null;
  readonly leafHash: string | null;
  readonly leaf: Uint8Array;
  readonly content = null;
  // The fast path never takes a checkpoint-stream event, the only one whose texts are read.
  readonly dataText = '';
  readonly metadataText = '';
  readonly feedBytes: Buffer;
  readonly txIdStart: number;
  readonly txIdEnd: number;
  readonly positionStart: number;
  readonly positionEnd: number;
  private readonly fields: Int32Array;
  private readonly at: number;

  constructor({ bytes, checked: chunk }: ReadChunk, index: number) {
    const fields = chunk.fields;
    const at = index * FAST_FIELDS;
    this.fields = fields;
    this.at = at;
    this.feedBytes = bytes;
    this.streamId = bytes.toString('utf8', fields[at + FastField.StreamIdStart], fields[at + FastField.StreamIdEnd]);
    this.revision = BigInt(chunk.numbers[2 * index]);
    this.eventId = bytes.toString('utf8', fields[at + FastField.EventIdStart], fields[at + FastField.EventIdEnd]);
    this.prevHash = this.hex(fields[at + FastField.PrevHashStart]);
    this.hash = this.hex(fields[at + FastField.HashStart]);
    const leafIndex = chunk.numbers[2 * index + 1];
    this.leafIndex = leafIndex === -1 ? null : leafIndex;
    const leafHashAt = fields[at + FastField.LeafHashStart];
    this.leafHash = leafHashAt === -1 ? null : this.hex(leafHashAt);
    this.leaf = chunk.leaves.subarray(index * HASH_SIZE_BYTES, (index + 1) * HASH_SIZE_BYTES);
    this.txIdStart = fields[at + FastField.TxIdStart];
    this.txIdEnd = fields[at + FastField.TxIdEnd];
    this.positionStart = fields[at + FastField.PositionStart];
    this.positionEnd = fields[at + FastField.PositionEnd];
  }

  get event(): LogEvent {
    return this;
  }

  get precomputed(): PrecomputedChecks {
    return this;
  }

  get leafHex(): string {
    return this.leafHash ?? '';
  }

  get type(): string {
    return this.feedBytes.toString(
      'utf8',
      this.fields[this.at + FastField.TypeStart],
      this.fields[this.at + FastField.TypeEnd],
    );
  }

  get txId(): string {
    return this.feedBytes.toString('latin1', this.txIdStart, this.txIdEnd);
  }

  get globalPosition(): string {
    return this.feedBytes.toString('latin1', this.positionStart, this.positionEnd);
  }

  private hex(start: number): string {
    return this.feedBytes.toString('latin1', start, start + HEX_DIGITS);
  }
}
