import { canonicalJson } from './canonical-json';
import { isCanonicalText } from './canonical-text';
import { GENESIS_HASH_HEX, chainHash, type ChainedEnvelope } from './event-hash';

/** One stored event as a verifier sees it: the envelope plus the stored link and hash. */
export interface StoredChainLink extends ChainedEnvelope {
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  | 'HASH_MISMATCH' // the stored hash is not the hash of the stored content
  | 'BROKEN_LINK' // prevHash is not the stored hash of the previous revision
  | 'MISSING_REVISION' // a revision is absent (deleted, or the stream does not start at 0)
  | 'NOT_CANONICAL'; // data or metadata is not the RFC 8785 form of itself

export interface ChainBreak {
  streamId: string;
  revision: string;
  problem: ChainProblem;
  expected: string | null;
  actual: string | null;
}

/**
 * Checks stream chains event by event, in (stream, revision) order, holding only the current
 * stream's head. Pure: the online verifier feeds it rows from PostgreSQL, the offline verifier
 * feeds it lines of an export bundle. Reports breaks; never repairs anything.
 */
export class ChainVerifier {
  private streamId: string | null = null;
  private expectedRevision = 0n;
  private previousHash = GENESIS_HASH_HEX;
  eventsChecked = 0;
  streamsChecked = 0;

  check(link: StoredChainLink): ChainBreak | null {
    if (link.streamId !== this.streamId) {
      this.streamId = link.streamId;
      this.expectedRevision = 0n;
      this.previousHash = GENESIS_HASH_HEX;
      this.streamsChecked += 1;
    }
    this.eventsChecked += 1;
    const problem = this.firstProblem(link);
    this.expectedRevision = link.revision + 1n;
    this.previousHash = link.hash;
    return problem && { streamId: link.streamId, revision: link.revision.toString(), ...problem };
  }

  private firstProblem(link: StoredChainLink): Omit<ChainBreak, 'streamId' | 'revision'> | null {
    if (link.revision !== this.expectedRevision) {
      return { problem: 'MISSING_REVISION', expected: this.expectedRevision.toString(), actual: link.revision.toString() };
    }
    if (link.prevHash !== this.previousHash) return { problem: 'BROKEN_LINK', expected: this.previousHash, actual: link.prevHash };
    const recomputed = chainHash(link.prevHash, link);
    if (recomputed !== link.hash) return { problem: 'HASH_MISMATCH', expected: recomputed, actual: link.hash };
    for (const text of [link.dataText, link.metadataText]) {
      if (isCanonicalText(text)) continue;
      return { problem: 'NOT_CANONICAL', expected: canonicalOrNull(text), actual: text };
    }
    return null;
  }
}

function canonicalOrNull(text: string): string | null {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return null;
  }
}
