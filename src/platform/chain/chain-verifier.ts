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
 * stream's head. Pure: the audit log verifier feeds it events from PostgreSQL and from the lines
 * of an export bundle alike. Reports breaks; never repairs anything. `verifyChains` runs the
 * faster ChainRowVerifier, which falls back to the same `firstChainProblem`.
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
    const problem = firstChainProblem(link, this.expectedRevision, this.previousHash);
    this.expectedRevision = link.revision + 1n;
    this.previousHash = link.hash;
    return problem && { streamId: link.streamId, revision: link.revision.toString(), ...problem };
  }
}

export type ChainProblemReport = Omit<ChainBreak, 'streamId' | 'revision'>;

/**
 * The reference check of one event against its stream's state: the first problem, in the order
 * revision, link, hash, canonical text, with the expected and actual values; null if none.
 * ChainVerifier runs it on every event; ChainRowVerifier only on the events its fast path cannot
 * prove, so both report exactly the same breaks.
 */
export function firstChainProblem(link: StoredChainLink, expectedRevision: bigint, previousHash: string): ChainProblemReport | null {
  if (link.revision !== expectedRevision) {
    return { problem: 'MISSING_REVISION', expected: expectedRevision.toString(), actual: link.revision.toString() };
  }
  if (link.prevHash !== previousHash) return { problem: 'BROKEN_LINK', expected: previousHash, actual: link.prevHash };
  const recomputed = chainHash(link.prevHash, link);
  if (recomputed !== link.hash) return { problem: 'HASH_MISMATCH', expected: recomputed, actual: link.hash };
  for (const text of [link.dataText, link.metadataText]) {
    if (isCanonicalText(text)) continue;
    return { problem: 'NOT_CANONICAL', expected: canonicalOrNull(text), actual: text };
  }
  return null;
}

function canonicalOrNull(text: string): string | null {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return null;
  }
}
