import { firstChainProblem, type ChainBreak, type StoredChainLink } from './chain-verifier';
import { provesCanonical } from './canonical-text';
import { GENESIS_HASH, GENESIS_HASH_HEX, chainDigest } from './event-hash';

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
 * the hot loop. An event is accepted on the fast path only when every check passes with no
 * doubt: its revision is the next one, its prevHash is the previous event's stored hash, the
 * chain hash recomputed from the previous event's digest (never decoded from hex) equals the
 * stored one, and the one-pass scanner proves data and metadata canonical. Anything else, a
 * break or a text only the slower tiers can judge, goes to `firstChainProblem`, the reference
 * check, which then also sets the stream's state as ChainVerifier does, so both report exactly
 * the same breaks on any sequence of events.
 */
export class ChainRowVerifier {
  private streamId: string | null = null;
  private nextRevision = 0n;
  private nextRevisionText = '0';
  private previousHashHex = GENESIS_HASH_HEX;
  private previousHash: Uint8Array = GENESIS_HASH;
  eventsChecked = 0;
  streamsChecked = 0;

  check(row: ChainRowValues): ChainBreak | null {
    if (row[0] !== this.streamId) {
      this.streamId = row[0];
      this.follow(0n, GENESIS_HASH_HEX, GENESIS_HASH);
      this.streamsChecked += 1;
    }
    this.eventsChecked += 1;
    const digest = this.provenDigest(row);
    if (digest) {
      this.follow(this.nextRevision + 1n, row[7], digest);
      return null;
    }
    const link = linkOfRow(row);
    const problem = firstChainProblem(link, this.nextRevision, this.previousHashHex);
    this.follow(link.revision + 1n, link.hash, Buffer.from(link.hash, 'hex'));
    return problem && { streamId: link.streamId, revision: link.revision.toString(), ...problem };
  }

  /** The event's digest when the fast path proves it sound; null when only the reference can tell. */
  private provenDigest(row: ChainRowValues): Uint8Array | null {
    const [streamId, revision, eventId, type, dataText, metadataText, prevHashHex, hashHex] = row;
    if (revision !== this.nextRevisionText || prevHashHex !== this.previousHashHex) return null;
    const digest = chainDigest(this.previousHash, { streamId, revision, eventId, type, dataText, metadataText });
    if (!digestEqualsHex(digest, hashHex)) return null;
    return provesCanonical(dataText) && provesCanonical(metadataText) ? digest : null;
  }

  /** The next event of the stream must have this revision and this prevHash (as hex and as bytes). */
  private follow(nextRevision: bigint, previousHashHex: string, previousHash: Uint8Array): void {
    this.nextRevision = nextRevision;
    this.nextRevisionText = nextRevision.toString();
    this.previousHashHex = previousHashHex;
    this.previousHash = previousHash;
  }
}

export function linkOfRow(row: ChainRowValues): StoredChainLink {
  const [streamId, revision, eventId, type, dataText, metadataText, prevHash, hash] = row;
  return { streamId, revision: BigInt(revision), eventId, type, dataText, metadataText, prevHash, hash };
}

const HEX_DIGIT_CODES = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** Whether `hex` is exactly `digest` in lowercase hex, compared in place (no string per event). */
export function digestEqualsHex(digest: Uint8Array, hex: string): boolean {
  if (hex.length !== digest.length * 2) return false;
  for (let index = 0; index < digest.length; index += 1) {
    const byte = digest[index];
    if (hex.charCodeAt(2 * index) !== HEX_DIGIT_CODES[byte >> 4] || hex.charCodeAt(2 * index + 1) !== HEX_DIGIT_CODES[byte & 15]) return false;
  }
  return true;
}
