import type { ContentVerdict, StoredChainLink } from '../../platform/chain/chain-verifier';
import { leafHash, MerkleAccumulator } from '../../platform/chain/merkle';
import { CHECKPOINT_SIGNED, CHECKPOINT_STREAM, signedCheckpointSchema } from '../checkpoints/checkpoint';
import { verifyCheckpointSignature, type PublicSigningKey } from '../checkpoints/signing-key';
import {
  CHAIN_DETAILS,
  checkpointPlace,
  type CheckpointClaim,
  type LogBreak,
  type LogVerificationReport,
} from './log-break';
import { TextChains, type StreamChains } from './stream-chains';

/** One event in feed order, with the leaf the sealer gave it (null: none). */
export interface LogEvent extends StoredChainLink {
  leafIndex: number | null;
  /** The stored leaf hash, hex; compared with the one recomputed from `hash`. */
  leafHash: string | null;
}

/** An event's checks that need no other event, worked out ahead (by the offline verifier's worker threads). */
export interface PrecomputedChecks {
  /** SHA-256(0x00 ‖ hash): `leaves[leafAt, leafAt + 32)`, where a chunk's leaves sit side by side. */
  leaves: Uint8Array;
  leafAt: number;
  /** The leaf's hex; null when it is known to be the stored leafHash, so that no string is made. */
  leafHex: string | null;
  /** checkContent() of the event. */
  content: ContentVerdict;
  /** Whether the event is on the checkpoint stream, known without comparing its stream id. */
  checkpointStream: boolean;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * Full verification of the log, fed events in feed order, by the online verifier (rows from
 * PostgreSQL) and the offline one (lines of a bundle) alike, so both report the same first break.
 * It checks every stream's chain (StreamChains, a head per stream, so memory grows with the number
 * of streams), that events sit at the leaves the sealer gave them, and that the tree rebuilt from
 * their hashes has every checkpoint's signed root at that checkpoint's size.
 * Call start(), then check() per event, then finish(); the first break ends the run.
 */
export class LogVerifier<E extends LogEvent = LogEvent> {
  private readonly tree = new MerkleAccumulator();
  private readonly bySize: CheckpointClaim[];
  private readonly listed: CheckpointClaim[];
  private nextBySize = 0;
  private nextListed = 0;
  private firstUnsealed: LogEvent | null = null;
  eventsChecked = 0;
  /** Leaves matched so far; a stored leaf at or after this index has lost its event. */
  leavesChecked = 0;

  /** `chains`: how stream chains are kept; the offline verifier keeps them as bytes. */
  constructor(
    checkpoints: readonly CheckpointClaim[],
    private readonly key: PublicSigningKey,
    private readonly chains: StreamChains<E> = new TextChains(),
  ) {
    this.bySize = [...checkpoints].sort((left, right) => left.treeSize - right.treeSize);
    this.listed = checkpoints.filter((checkpoint) => checkpoint.revision !== null);
  }

  get streamsChecked(): number {
    return this.chains.size;
  }

  /** Signatures first: a checkpoint that does not verify cannot vouch for anything. */
  start(): LogBreak | null {
    for (const checkpoint of this.bySize) {
      if (checkpoint.keyId !== this.key.keyId) {
        return checkpointBreak(
          checkpoint,
          'CHECKPOINT_UNKNOWN_KEY',
          this.key.keyId,
          checkpoint.keyId,
          `${checkpointPlace(checkpoint)} names a key that is not the trusted one`,
        );
      }
      if (!verifyCheckpointSignature(checkpoint, this.key)) {
        return checkpointBreak(
          checkpoint,
          'CHECKPOINT_BAD_SIGNATURE',
          'a valid ECDSA P-256 signature',
          checkpoint.signature,
          `the signature of ${checkpointPlace(checkpoint)} does not verify: it was forged or altered`,
        );
      }
    }
    return this.compareRoots(null);
  }

  check(event: E, precomputed?: PrecomputedChecks): LogBreak | null {
    this.eventsChecked += 1;
    const leaves = precomputed ? precomputed.leaves : leafHash(Buffer.from(event.hash, 'hex'));
    const onCheckpointStream = precomputed ? precomputed.checkpointStream : event.streamId === CHECKPOINT_STREAM;
    // Position first: a moved event is reported as moved, not as the chain gap its move leaves.
    const problem =
      this.checkSealing(event, precomputed ? precomputed.leafHex : hex(leaves)) ??
      this.checkChain(event, precomputed?.content) ??
      (onCheckpointStream ? this.checkListed(event) : null);
    if (problem) return problem;
    this.tree.append(leaves, precomputed ? precomputed.leafAt : 0);
    return this.compareRoots(event);
  }

  /** What only the end can tell: checkpoints the events never reached. */
  finish(): LogBreak | null {
    const unseen = this.listed.at(this.nextListed);
    if (unseen) {
      return checkpointBreak(
        unseen,
        'CHECKPOINT_LIST_MISMATCH',
        unseen.eventId,
        null,
        `${checkpointPlace(unseen)} is listed but its CheckpointSigned event is not in the log`,
      );
    }
    const beyond = this.bySize.at(-1);
    if (beyond && this.nextBySize < this.bySize.length) {
      const missing = beyond.treeSize - this.tree.size;
      return checkpointBreak(
        beyond,
        'CHECKPOINT_BEYOND_LOG',
        String(beyond.treeSize),
        String(this.tree.size),
        `${checkpointPlace(beyond)} covers ${beyond.treeSize} events but the log holds ${this.tree.size}: at least ${missing} events at the end were deleted`,
      );
    }
    return null;
  }

  /** Checkpoints whose roots the tree has matched so far. */
  get checkpointsChecked(): number {
    return this.nextBySize;
  }

  /** The newest checkpoint the tree has been held against so far. */
  latestVerifiedCheckpoint(): CheckpointClaim | null {
    return this.bySize[this.nextBySize - 1] ?? null;
  }

  private checkChain(event: E, content: ContentVerdict | undefined): LogBreak | null {
    const broken = this.chains.check(event, content);
    return broken && { ...broken, detail: CHAIN_DETAILS[broken.problem] };
  }

  /** An event of the checkpoint stream must be the next checkpoint listed, field for field. */
  private checkListed(event: LogEvent): LogBreak | null {
    const parsed = signedCheckpointSchema.safeParse(safeJson(event.dataText));
    if (event.type !== CHECKPOINT_SIGNED || !parsed.success) {
      return eventBreak(
        event,
        'CHECKPOINT_MALFORMED',
        'a CheckpointSigned event',
        event.dataText,
        'this event of the checkpoint stream is not a checkpoint',
      );
    }
    const listed = this.listed.at(this.nextListed);
    this.nextListed += 1;
    const same =
      listed &&
      listed.eventId === event.eventId &&
      (['origin', 'treeSize', 'rootHash', 'keyId', 'signature'] as const).every(
        (field) => listed[field] === parsed.data[field],
      ) &&
      (listed.signedAt === undefined || listed.signedAt === occurredAtOf(event.metadataText));
    return same
      ? null
      : eventBreak(
          event,
          'CHECKPOINT_LIST_MISMATCH',
          listed?.eventId ?? null,
          event.eventId,
          'this checkpoint event differs from the checkpoint listed at its place',
        );
  }

  /** `recomputed`: the leaf's hex, null when known to be the stored one. */
  private checkSealing(event: LogEvent, recomputed: string | null): LogBreak | null {
    if (event.leafIndex === null) {
      this.firstUnsealed ??= event;
      return null;
    }
    if (this.firstUnsealed) {
      const where = `leaf ${event.leafIndex} (${event.streamId} revision ${event.revision})`;
      return eventBreak(
        this.firstUnsealed,
        'UNSEALED_EVENT',
        'a leaf',
        'none',
        `this event was never sealed, yet ${where} after it was: it was inserted after sealing`,
      );
    }
    if (event.leafIndex !== this.tree.size) {
      return eventBreak(
        event,
        'LEAF_OUT_OF_ORDER',
        String(this.tree.size),
        String(event.leafIndex),
        `this event was sealed as leaf ${event.leafIndex} but sits at position ${this.tree.size} of the feed: events were removed or reordered`,
      );
    }
    if (recomputed !== null && event.leafHash !== recomputed) {
      return eventBreak(
        event,
        'LEAF_MISMATCH',
        event.leafHash,
        recomputed,
        'the leaf sealed for this event is not the leaf of its hash: the event was rewritten after sealing',
      );
    }
    this.leavesChecked += 1;
    return null;
  }

  /** Holds every checkpoint whose size the tree has just reached against its signed root. */
  private compareRoots(last: LogEvent | null): LogBreak | null {
    for (
      let checkpoint = this.bySize.at(this.nextBySize);
      checkpoint?.treeSize === this.tree.size;
      checkpoint = this.bySize.at(this.nextBySize)
    ) {
      const root = hex(this.tree.root());
      if (root !== checkpoint.rootHash) {
        const upTo = last
          ? `the first ${this.tree.size} events (up to ${last.streamId} revision ${last.revision})`
          : 'the empty log';
        return checkpointBreak(
          checkpoint,
          'CHECKPOINT_ROOT_MISMATCH',
          checkpoint.rootHash,
          root,
          `${upTo} do not hash to the root signed in ${checkpointPlace(checkpoint)}`,
        );
      }
      this.nextBySize += 1;
    }
    return null;
  }
}

/** Feeds pages of events to the verifier until the first break; progress after each page. */
export async function checkAll(
  verifier: LogVerifier,
  pages: AsyncIterable<LogEvent[]>,
  onProgress?: (eventsChecked: number) => void,
): Promise<LogBreak | null> {
  for await (const page of pages) {
    for (const event of page) {
      const problem = verifier.check(event);
      if (problem) return problem;
    }
    onProgress?.(verifier.eventsChecked);
  }
  return null;
}

export function logReport(
  verifier: LogVerifier,
  firstBreak: LogBreak | null,
  startedMs: number,
): LogVerificationReport {
  const latest = verifier.latestVerifiedCheckpoint();
  return {
    status: firstBreak ? 'BROKEN' : 'VERIFIED',
    eventsChecked: verifier.eventsChecked,
    streamsChecked: verifier.streamsChecked,
    leavesChecked: verifier.leavesChecked,
    checkpointsChecked: verifier.checkpointsChecked,
    latestCheckpoint: latest && {
      origin: latest.origin,
      treeSize: latest.treeSize,
      rootHash: latest.rootHash,
      keyId: latest.keyId,
      signature: latest.signature,
    },
    firstBreak,
    durationMs: Math.round(performance.now() - startedMs),
  };
}

function eventBreak(
  event: LogEvent,
  problem: LogBreak['problem'],
  expected: string | null,
  actual: string | null,
  detail: string,
): LogBreak {
  return { problem, streamId: event.streamId, revision: event.revision.toString(), expected, actual, detail };
}

function checkpointBreak(
  checkpoint: CheckpointClaim,
  problem: LogBreak['problem'],
  expected: string | null,
  actual: string | null,
  detail: string,
): LogBreak {
  const inLog = checkpoint.revision !== null;
  return {
    problem,
    streamId: inLog ? CHECKPOINT_STREAM : null,
    revision: checkpoint.revision,
    expected,
    actual,
    detail,
    context: { treeSize: checkpoint.treeSize },
  };
}

/** signedAt is the checkpoint event's metadata.occurredAt (docs/AUDIT-BUNDLE.md §3). */
function occurredAtOf(metadataText: string): unknown {
  const metadata = safeJson(metadataText);
  return metadata !== null && typeof metadata === 'object'
    ? (metadata as { occurredAt?: unknown }).occurredAt
    : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
