import { checkContent } from '../../platform/chain/chain-verifier';
import { HASH_SIZE_BYTES, leafHashHex } from '../../platform/chain/merkle';
import { CHECKPOINT_STREAM } from '../checkpoints/checkpoint';
import { parseEventLine } from './event-line';
import { checkChunkFast, type CheckedChunk } from './fast-chunk';

/** Every check of a chunk that needs no other event, in this thread: the fast path, then the general one. */
export function checkChunk(bytes: Uint8Array): CheckedChunk {
  return completeChunk(bytes, checkChunkFast(bytes));
}

/**
 * The general path for the lines the fast one left (checkChunkFast's `pending`), in line order:
 * the chunk ends at the first that is not an event, as if the lines after it were never read.
 */
export function completeChunk(bytes: Uint8Array, chunk: CheckedChunk): CheckedChunk {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < chunk.pending.length; at += 3) {
    const index = chunk.pending[at];
    const reason = checkSlowLine(buffer.toString('utf8', chunk.pending[at + 1], chunk.pending[at + 2]), index, chunk);
    if (reason !== null) return { ...chunk, count: index, malformed: { line: index, reason } };
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
  chunk.hashes.set(Buffer.from(event.prevHash + event.hash, 'hex'), index * 2 * HASH_SIZE_BYTES);
  if (event.leafHash !== null && leaf !== event.leafHash) chunk.leafMismatches[index] = leaf;
  const { txId, globalPosition, streamId, revision, eventId, type, prevHash, hash, leafIndex, leafHash } = event;
  chunk.slow[index] = { txId, globalPosition, streamId, revision, eventId, type, prevHash, hash, leafIndex, leafHash };
  if (event.streamId === CHECKPOINT_STREAM) chunk.texts[index] = [event.dataText, event.metadataText];
  return null;
}
