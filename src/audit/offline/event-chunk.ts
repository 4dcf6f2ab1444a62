import { isUtf8 } from 'node:buffer';
import { checkContent, type ContentVerdict } from '../../platform/chain/chain-verifier';
import { HASH_SIZE_BYTES, leafHashHex } from '../../platform/chain/merkle';
import { CHECKPOINT_STREAM } from '../checkpoints/checkpoint';
import { parseEventLine } from './event-line';

/**
 * What one chunk of events.jsonl (whole lines) holds, column by column, with the checks that
 * need no other event already made: parsing, the chain hash, RFC 8785, the leaf hash. Columns
 * rather than an object per event, so a worker thread can hand a chunk over cheaply and the
 * main thread runs only what depends on order (links, leaves, the tree, checkpoints).
 */
export interface CheckedChunk {
  count: number;
  /** The first line that could not be read (0-based in the chunk), and why; lines before it are in the columns. */
  malformed: { line: number; reason: string } | null;
  txIds: string[];
  globalPositions: string[];
  streamIds: string[];
  revisions: string[];
  eventIds: string[];
  types: string[];
  prevHashes: string[];
  hashes: string[];
  /** -1 for an unsealed event. */
  leafIndexes: Float64Array;
  leafHashes: (string | null)[];
  /** SHA-256(0x00 ‖ hash) of each event, 32 bytes each, back to back. */
  leaves: Buffer;
  /** The recomputed leaf hash, hex, where it differs from the stored one. */
  leafMismatches: Partial<Record<number, string>>;
  /** checkContent() of each event that failed it. */
  contentProblems: Partial<Record<number, ContentVerdict>>;
  /** data and metadata texts of the events the main thread still reads: the checkpoint stream's. */
  texts: Partial<Record<number, [dataText: string, metadataText: string]>>;
}

export function checkChunk(bytes: Uint8Array): CheckedChunk {
  const lines = splitLines(bytes);
  const chunk = emptyChunk(lines === null ? 0 : lines.length);
  if (lines === null) return { ...chunk, malformed: { line: 0, reason: 'is not valid UTF-8' } };
  for (let index = 0; index < lines.length; index += 1) {
    const event = parseEventLine(lines[index]);
    if (typeof event === 'string') return { ...chunk, count: index, malformed: { line: index, reason: event } };
    const revision = BigInt(event.revision);
    const content = checkContent({ ...event, revision });
    if (content) chunk.contentProblems[index] = content;
    const leaf = leafHashHex(event.hash);
    chunk.leaves.write(leaf, index * HASH_SIZE_BYTES, 'hex');
    if (event.leafHash !== null && leaf !== event.leafHash) chunk.leafMismatches[index] = leaf;
    chunk.txIds.push(event.txId);
    chunk.globalPositions.push(event.globalPosition);
    chunk.streamIds.push(event.streamId);
    chunk.revisions.push(event.revision);
    chunk.eventIds.push(event.eventId);
    chunk.types.push(event.type);
    chunk.prevHashes.push(event.prevHash);
    chunk.hashes.push(event.hash);
    chunk.leafIndexes[index] = event.leafIndex ?? -1;
    chunk.leafHashes.push(event.leafHash);
    if (event.streamId === CHECKPOINT_STREAM) chunk.texts[index] = [event.dataText, event.metadataText];
  }
  return chunk;
}

/** The chunk's lines; a last line may lack its newline. Null when the bytes are not UTF-8 (never replaced with U+FFFD). */
function splitLines(bytes: Uint8Array): string[] | null {
  if (!isUtf8(bytes)) return null;
  const lines = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function emptyChunk(lines: number): CheckedChunk {
  return {
    count: lines,
    malformed: null,
    txIds: [],
    globalPositions: [],
    streamIds: [],
    revisions: [],
    eventIds: [],
    types: [],
    prevHashes: [],
    hashes: [],
    leafIndexes: new Float64Array(lines),
    leafHashes: [],
    leaves: Buffer.alloc(lines * HASH_SIZE_BYTES),
    leafMismatches: {},
    contentProblems: {},
    texts: {},
  };
}
