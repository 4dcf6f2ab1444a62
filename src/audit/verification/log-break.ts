import type { ChainProblem } from '../../platform/chain/chain-verifier';
import type { SignedCheckpoint } from '../checkpoints/checkpoint';

export type LogProblem =
  | ChainProblem
  | 'CHECKPOINT_MALFORMED' // a CheckpointSigned event (or bundle line) that is not a checkpoint
  | 'CHECKPOINT_UNKNOWN_KEY' // signed by a key other than the one trusted
  | 'CHECKPOINT_BAD_SIGNATURE' // the signature does not verify
  | 'CHECKPOINT_ROOT_MISMATCH' // the events, hashed into the tree, give another root at that size
  | 'CHECKPOINT_BEYOND_LOG' // it covers more events than the log holds: the tail was deleted
  | 'CHECKPOINT_LIST_MISMATCH' // checkpoints.jsonl and the CheckpointSigned events disagree
  | 'LEAF_OUT_OF_ORDER' // the event was sealed at another position: events removed or reordered
  | 'LEAF_MISMATCH' // its sealed leaf is not the leaf of its hash: rewritten after sealing
  | 'UNSEALED_EVENT' // never sealed, yet sealed events follow it: inserted after sealing
  | 'SEALED_EVENT_MISSING' // a sealed leaf whose event is gone
  | 'DUPLICATE_EVENT_ID' // an event id already seen earlier in the log
  | 'FEED_ORDER' // offline: (txId, globalPosition) does not increase from line to line
  | 'BUNDLE_MALFORMED' // offline: a file is missing, not UTF-8, or a line cannot be read
  | 'BUNDLE_FILE_MISMATCH' // offline: a file's size or SHA-256 differs from manifest.json
  | 'BUNDLE_COUNTS_MISMATCH' // offline: manifest.json's counts differ from what the files hold
  | 'BUNDLE_KEY_NOT_TRUSTED'; // offline: public-key.json is not the key the auditor pinned

/** The first thing found wrong, precisely enough to find it in the database or the bundle. */
export interface LogBreak {
  problem: LogProblem;
  /** The event where it shows (for checkpoint problems, the checkpoint's event); null when there is none. */
  streamId: string | null;
  revision: string | null;
  expected: string | null;
  actual: string | null;
  /** One sentence for people. */
  detail: string;
  /** More facts where they help, e.g. which event a misplaced leaf belongs to. */
  context?: Record<string, unknown>;
}

/** A checkpoint to hold the log against: one from the log, or one the auditor kept from before. */
export interface CheckpointClaim extends SignedCheckpoint {
  /** Its place in `ledger-checkpoints`; null for a checkpoint brought from outside the log. */
  revision: string | null;
  eventId: string | null;
  /** When listed: its event's metadata.occurredAt, which the list must repeat. */
  signedAt?: string;
}

export interface LogVerificationReport {
  status: 'VERIFIED' | 'BROKEN';
  eventsChecked: number;
  streamsChecked: number;
  leavesChecked: number;
  checkpointsChecked: number;
  /** The newest checkpoint that verified, if any: what the whole log was held against. */
  latestCheckpoint: SignedCheckpoint | null;
  firstBreak: LogBreak | null;
  durationMs: number;
}

export const CHAIN_DETAILS: Record<ChainProblem, string> = {
  HASH_MISMATCH: 'the stored hash is not the hash of the stored content: the event was altered',
  BROKEN_LINK: 'prevHash is not the stored hash of the previous revision',
  MISSING_REVISION: 'a revision is missing here: deleted, moved, or the stream does not start at 0',
  NOT_REPRESENTABLE:
    'a hashed field holds text RFC 8785 cannot represent (a lone surrogate) or a revision of 2^53 or more: no canonical envelope exists',
  NOT_CANONICAL: 'data or metadata is not in RFC 8785 canonical form',
};

/** A checkpoint the auditor brought, as a claim the log must live up to. */
export function trustedClaims(checkpoint: SignedCheckpoint | undefined): CheckpointClaim[] {
  return checkpoint ? [{ ...checkpoint, revision: null, eventId: null }] : [];
}

export function checkpointPlace(checkpoint: CheckpointClaim): string {
  return checkpoint.revision === null
    ? `the trusted checkpoint (tree size ${checkpoint.treeSize})`
    : `checkpoint revision ${checkpoint.revision} (tree size ${checkpoint.treeSize})`;
}
