import { canonicalJson } from './canonical-json';
import { isCanonicalText } from './canonical-text';
import { unrepresentableField } from './event-envelope';
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
  | 'NOT_REPRESENTABLE' // a hashed field holds what RFC 8785 cannot represent (a lone surrogate, a revision ≥ 2^53)
  | 'NOT_CANONICAL'; // data or metadata is not the RFC 8785 form of itself

export interface ChainBreak {
  streamId: string;
  revision: string;
  problem: ChainProblem;
  expected: string | null;
  actual: string | null;
}

/** What an event's own content says, whatever its neighbours: the costly part of a check, which can run in another thread. */
export type ContentVerdict = Omit<ChainBreak, 'streamId' | 'revision'> | null;

/**
 * The checks of one event that need no other event, in the order they are reported: every
 * hashed field representable in RFC 8785, the stored hash recomputed from the stored content
 * from the stored prevHash, and data and metadata their own canonical form. Null when all pass.
 */
export function checkContent(link: StoredChainLink): ContentVerdict {
  const unrepresentable = unrepresentableField(link);
  if (unrepresentable) {
    const value = link[unrepresentable];
    return {
      problem: 'NOT_REPRESENTABLE',
      expected: `${unrepresentable} without lone surrogates, revision below 2^53`,
      actual: typeof value === 'bigint' ? value.toString() : JSON.stringify(value),
    };
  }
  const recomputed = chainHash(link.prevHash, link);
  if (recomputed !== link.hash) return { problem: 'HASH_MISMATCH', expected: recomputed, actual: link.hash };
  for (const text of [link.dataText, link.metadataText]) {
    if (isCanonicalText(text)) continue;
    return { problem: 'NOT_CANONICAL', expected: canonicalOrNull(text), actual: text };
  }
  return null;
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

  /** `content`: checkContent(link), when the caller has already worked it out (in a worker thread). */
  check(link: StoredChainLink, content?: ContentVerdict): ChainBreak | null {
    if (link.streamId !== this.streamId) {
      this.streamId = link.streamId;
      this.expectedRevision = 0n;
      this.previousHash = GENESIS_HASH_HEX;
      this.streamsChecked += 1;
    }
    this.eventsChecked += 1;
    const problem = this.firstProblem(link, content);
    this.expectedRevision = link.revision + 1n;
    this.previousHash = link.hash;
    return problem && { streamId: link.streamId, revision: link.revision.toString(), ...problem };
  }

  private firstProblem(link: StoredChainLink, content: ContentVerdict | undefined): ContentVerdict {
    if (link.revision !== this.expectedRevision) {
      return {
        problem: 'MISSING_REVISION',
        expected: this.expectedRevision.toString(),
        actual: link.revision.toString(),
      };
    }
    if (link.prevHash !== this.previousHash)
      return { problem: 'BROKEN_LINK', expected: this.previousHash, actual: link.prevHash };
    return content === undefined ? checkContent(link) : content;
  }
}

function canonicalOrNull(text: string): string | null {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return null;
  }
}
