import { isUtf8 } from 'node:buffer';
import type { ContentVerdict } from '../../platform/chain/chain-verifier';
import { HASH_SIZE_BYTES } from '../../platform/chain/merkle';
import type { BundleEvent } from './bundle-format';
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
  /** prevHash then hash of each event, 32 bytes each, 64 per line. */
  hashes: Uint8Array;
  /** The lines the fast path left for the general one: line index, start and end byte, three numbers each. */
  pending: number[];
  /** The lines the general path read, by index; every check of theirs below. */
  slow: Partial<Record<number, SlowLine>>;
  /** The recomputed leaf hash, hex, where it differs from the stored one. */
  leafMismatches: Partial<Record<number, string>>;
  /** checkContent() of each event that failed it. */
  contentProblems: Partial<Record<number, ContentVerdict>>;
  /** data and metadata texts of the events the main thread still reads: the checkpoint stream's. */
  texts: Partial<Record<number, [dataText: string, metadataText: string]>>;
}

const NEWLINE = 0x0a;

/**
 * The worker threads' share of checking a chunk: every line the fast path takes. The lines it
 * leaves (the checkpoint stream's, one in thousands, and anything unusual) are only listed in
 * `pending`, for completeChunk on the main thread: so a worker never loads zod and the schemas,
 * which cost more CPU to load than its share of a large bundle takes to check.
 */
export function checkChunkFast(bytes: Uint8Array): CheckedChunk {
  if (!isUtf8(bytes)) return { ...emptyChunk(0), malformed: { line: 0, reason: 'is not valid UTF-8' } };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = emptyChunk(lineCount(buffer));
  let start = 0;
  for (let index = 0; index < chunk.count; index += 1) {
    const newline = buffer.indexOf(NEWLINE, start);
    const end = newline === -1 ? buffer.length : newline;
    if (!checkFastLine(buffer, start, end, index, chunk)) chunk.pending.push(index, start, end);
    start = end + 1;
  }
  return chunk;
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
    hashes: new Uint8Array(lines * 2 * HASH_SIZE_BYTES),
    pending: [],
    slow: {},
    leafMismatches: {},
    contentProblems: {},
    texts: {},
  };
}
