import { firstChainProblem, type ChainBreak, type StoredChainLink } from './chain-verifier';
import { provesCanonical } from './canonical-text';
import { GENESIS_HASH_HEX, chainHash } from './event-hash';

/**
 * One stored event as the keyset reader fetches it (pg's array row mode, no per-row object):
 * the revision as int8 decimal text and both hashes as lowercase hex, in this column order.
 */
export type ChainRowValues = [
  streamId: string,
  revision: string,
  eventId: string,
  type: string,
  dataText: string,
  metadataText: string,
  prevHashHex: string,
  hashHex: string,
];

/**
 * The ChainVerifier's checks on raw rows, for full verification of the event table, where it is
 * the hot loop: no link object and no BigInt per event, the stream's state kept as the texts the
 * rows carry. An event is accepted on the fast path only when every check passes with no doubt:
 * its revision is the next one, its prevHash is the previous event's stored hash, the recomputed
 * chain hash equals the stored one, and the one-pass scanner proves data and metadata canonical.
 * Anything else, a break or a text only the slower tiers can judge, goes to `firstChainProblem`,
 * the reference check, which then also sets the stream's state as ChainVerifier does, so both
 * report exactly the same breaks on any sequence of events.
 */
export class ChainRowVerifier {
  private streamId: string | null = null;
  private nextRevision = 0n;
  private nextRevisionText = '0';
  private previousHash = GENESIS_HASH_HEX;
  eventsChecked = 0;
  streamsChecked = 0;

  check(row: ChainRowValues): ChainBreak | null {
    if (row[0] !== this.streamId) {
      this.streamId = row[0];
      this.follow(0n, GENESIS_HASH_HEX);
      this.streamsChecked += 1;
    }
    this.eventsChecked += 1;
    if (this.provesSound(row)) {
      this.follow(this.nextRevision + 1n, row[7]);
      return null;
    }
    const link = linkOfRow(row);
    const problem = firstChainProblem(link, this.nextRevision, this.previousHash);
    this.follow(link.revision + 1n, link.hash);
    return problem && { streamId: link.streamId, revision: link.revision.toString(), ...problem };
  }

  /** True when the fast path proves the event sound; false when only the reference can tell. */
  private provesSound(row: ChainRowValues): boolean {
    const [streamId, revision, eventId, type, dataText, metadataText, prevHash, hash] = row;
    if (revision !== this.nextRevisionText || prevHash !== this.previousHash) return false;
    if (chainHash(prevHash, { streamId, revision, eventId, type, dataText, metadataText }) !== hash) return false;
    return provesCanonical(dataText) && provesCanonical(metadataText);
  }

  /** The next event of the stream must have this revision and this prevHash. */
  private follow(nextRevision: bigint, previousHash: string): void {
    this.nextRevision = nextRevision;
    this.nextRevisionText = nextRevision.toString();
    this.previousHash = previousHash;
  }
}

export function linkOfRow(row: ChainRowValues): StoredChainLink {
  const [streamId, revision, eventId, type, dataText, metadataText, prevHash, hash] = row;
  return { streamId, revision: BigInt(revision), eventId, type, dataText, metadataText, prevHash, hash };
}
