import { isUtf8 } from 'node:buffer';
import { checkContent, type ContentVerdict } from '../../platform/chain/chain-verifier';
import { HASH_SIZE_BYTES, leafHashHex } from '../../platform/chain/merkle';
import { CHECKPOINT_STREAM } from '../checkpoints/checkpoint';
import type { BundleEvent } from './bundle-format';
import { parseEventLine } from './event-line';
import { checkFastLine, FAST_FIELDS } from './fast-event-line';

/** A line the fast path left to the general one: its members as strings (data and metadata apart). */
export type SlowLine = Omit<BundleEvent, 'dataText' | 'metadataText' | 'recordedAt'>;

/**
 * What one chunk of events.jsonl (whole lines) holds, with the checks that need no other event
 * already made: parsing, the chain hash, RFC 8785, the leaf hash. Typed arrays rather than an
 * object or a string per event, so a worker thread hands a chunk back by transfer, and the main
 * thread, which kept the chunk's bytes, reads each field it needs from them (`fields` are byte
 * offsets) and runs only what depends on order (links, leaves, the tree, checkpoints).
 */
export interface CheckedChunk {
  count: number;
  /** The first line that could not be read (0-based in the chunk), and why; lines before it are checked. */
  malformed: { line: number; reason: string } | null;
  /** Per line that took the fast path (checkFastLine): where its fields sit in the chunk, FAST_FIELDS each. */
  fields: Int32Array;
  /** Per fast line: revision, then leafIndex (-1: unsealed). */
  numbers: Float64Array;
  /** SHA-256(0x00 ‖ hash) of each event, 32 bytes each, back to back. */
  leaves: Buffer;
  /** The lines the fast path left to the general one, by index; every check of theirs below. */
  slow: Partial<Record<number, SlowLine>>;
  /** The recomputed leaf hash, hex, where it differs from the stored one. */
  leafMismatches: Partial<Record<number, string>>;
  /** checkContent() of each event that failed it. */
  contentProblems: Partial<Record<number, ContentVerdict>>;
  /** data and metadata texts of the events the main thread still reads: the checkpoint stream's. */
  texts: Partial<Record<number, [dataText: string, metadataText: string]>>;
}

const NEWLINE = 0x0a;

export function checkChunk(bytes: Uint8Array): CheckedChunk {
  if (!isUtf8(bytes)) return { ...emptyChunk(0), malformed: { line: 0, reason: 'is not valid UTF-8' } };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = emptyChunk(lineCount(buffer));
  let start = 0;
  for (let index = 0; index < chunk.count; index += 1) {
    const newline = buffer.indexOf(NEWLINE, start);
    const end = newline === -1 ? buffer.length : newline;
    if (!checkFastLine(buffer, start, end, index, chunk)) {
      const reason = checkSlowLine(buffer.toString('utf8', start, end), index, chunk);
      if (reason !== null) return { ...chunk, count: index, malformed: { line: index, reason } };
    }
    start = end + 1;
  }
  return chunk;
}

/** The general path: JSON.parse and the schema, then checkContent and the leaf; the reason when the line is not an event. */
function checkSlowLine(line: string, index: number, chunk: CheckedChunk): string | null {
  const event = parseEventLine(line);
  if (typeof event === 'string') return event;
  const content = checkContent({ ...event, revision: BigInt(event.revision) });
  if (content) chunk.contentProblems[index] = content;
  const leaf = leafHashHex(event.hash);
  chunk.leaves.write(leaf, index * HASH_SIZE_BYTES, 'hex');
  if (event.leafHash !== null && leaf !== event.leafHash) chunk.leafMismatches[index] = leaf;
  const { txId, globalPosition, streamId, revision, eventId, type, prevHash, hash, leafIndex, leafHash } = event;
  chunk.slow[index] = { txId, globalPosition, streamId, revision, eventId, type, prevHash, hash, leafIndex, leafHash };
  if (event.streamId === CHECKPOINT_STREAM) chunk.texts[index] = [event.dataText, event.metadataText];
  return null;
}

/** As `text.split('\n')` counts them, without a last empty line. */
function lineCount(buffer: Buffer): number {
  let lines = 0;
  for (let at = buffer.indexOf(NEWLINE); at !== -1; at = buffer.indexOf(NEWLINE, at + 1)) lines += 1;
  return buffer.length > 0 && buffer[buffer.length - 1] !== NEWLINE ? lines + 1 : lines;
}

function emptyChunk(lines: number): CheckedChunk {
  return {
    count: lines,
    malformed: null,
    fields: new Int32Array(lines * FAST_FIELDS),
    numbers: new Float64Array(lines * 2),
    leaves: Buffer.alloc(lines * HASH_SIZE_BYTES),
    slow: {},
    leafMismatches: {},
    contentProblems: {},
    texts: {},
  };
}
