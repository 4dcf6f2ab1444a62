import {
  checkContent,
  type ChainBreak,
  type ContentVerdict,
  type StoredChainLink,
} from '../../platform/chain/chain-verifier';
import { HASH_SIZE_BYTES } from '../../platform/chain/merkle';
import type { StreamChains } from '../verification/stream-chains';
import { ByteStringSet } from './byte-string-set';

/** What ByteChains reads of an event, besides the texts it names in a break. */
export interface ChainBytes {
  /** `streamKeyBytes[streamKeyStart, streamKeyEnd)` is the stream id's key (textKey). */
  readonly streamKeyBytes: Uint8Array;
  readonly streamKeyStart: number;
  readonly streamKeyEnd: number;
  /** The revision, exact up to 2^53; NaN above, where no chain can be (NOT_REPRESENTABLE). */
  readonly revisionNumber: number;
  /** prevHash then hash, 32 bytes each, as HASH_WORDS words each from `hashWords[hashWordsAt]`. */
  readonly hashWords: Int32Array;
  readonly hashWordsAt: number;
}

export const HASH_WORDS = HASH_SIZE_BYTES / 4;
const INITIAL_STREAMS = 1024;
/** The largest revision a double holds exactly; a larger one is NOT_REPRESENTABLE and never matches. */
const EXACT_REVISION_LIMIT = 2n ** 53n;

/** A revision as ChainBytes holds it: exact up to 2^53, NaN (equal to nothing) above. */
export function revisionNumber(revision: bigint): number {
  return revision <= EXACT_REVISION_LIMIT ? Number(revision) : NaN;
}

/**
 * The chains of a bundle's events, kept as bytes: the same checks as ChainVerifier, in the same
 * order and with the same findings, but each stream found by its id's bytes (ByteStringSet) and
 * its head held in typed arrays, so the main thread makes no string per event and compares a hash
 * as 8 words rather than 64 hex characters (issue #17.5: the main thread bounds the verifier).
 * A new stream starts at revision 0 and the genesis prevHash, 64 zero digits: what a zero-filled
 * array holds.
 */
export class ByteChains implements StreamChains<StoredChainLink & ChainBytes> {
  private readonly streams = new ByteStringSet();
  /** Per stream (its index in `streams`): the revision its next event must have. */
  private nextRevisions = new Float64Array(INITIAL_STREAMS);
  /** Per stream: the hash its next event must name as prevHash, HASH_WORDS words. */
  private heads = new Int32Array(INITIAL_STREAMS * HASH_WORDS);

  get size(): number {
    return this.streams.size;
  }

  check(event: StoredChainLink & ChainBytes, content: ContentVerdict | undefined): ChainBreak | null {
    const stream = this.streams.intern(event.streamKeyBytes, event.streamKeyStart, event.streamKeyEnd);
    if (stream === this.nextRevisions.length) this.grow();
    const problem = this.firstProblem(stream, event, content);
    // As ChainVerifier does, the head moves on whatever was found: the first break ends the run.
    this.nextRevisions[stream] = event.revisionNumber + 1;
    const words = event.hashWords;
    const hashAt = event.hashWordsAt + HASH_WORDS;
    for (let word = 0; word < HASH_WORDS; word += 1) this.heads[stream * HASH_WORDS + word] = words[hashAt + word];
    return problem && { streamId: event.streamId, revision: event.revision.toString(), ...problem };
  }

  private firstProblem(
    stream: number,
    event: StoredChainLink & ChainBytes,
    content: ContentVerdict | undefined,
  ): ContentVerdict {
    const expected = this.nextRevisions[stream];
    if (event.revisionNumber !== expected)
      return { problem: 'MISSING_REVISION', expected: String(expected), actual: event.revision.toString() };
    if (!this.linked(stream, event))
      return { problem: 'BROKEN_LINK', expected: this.headHex(stream), actual: event.prevHash };
    return content === undefined ? checkContent(event) : content;
  }

  private linked(stream: number, event: ChainBytes): boolean {
    const words = event.hashWords;
    const at = event.hashWordsAt;
    for (let word = 0; word < HASH_WORDS; word += 1)
      if (this.heads[stream * HASH_WORDS + word] !== words[at + word]) return false;
    return true;
  }

  private headHex(stream: number): string {
    const start = this.heads.byteOffset + stream * HASH_SIZE_BYTES;
    return Buffer.from(this.heads.buffer, start, HASH_SIZE_BYTES).toString('hex');
  }

  private grow(): void {
    const nextRevisions = new Float64Array(2 * this.nextRevisions.length);
    nextRevisions.set(this.nextRevisions);
    this.nextRevisions = nextRevisions;
    const heads = new Int32Array(2 * this.heads.length);
    heads.set(this.heads);
    this.heads = heads;
  }
}
