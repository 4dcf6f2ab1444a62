import { z } from 'zod';
import { safeText } from '../../platform/http/safe-text';
import { canonicalJson } from '../../platform/chain/canonical-json';
import type { RecordedEvent } from '../../platform/event-store/event-store.port';

/** The stream the sealer appends its checkpoints to (DESIGN §4, context "audit"). */
export const CHECKPOINT_STREAM = 'ledger-checkpoints';
export const CHECKPOINT_SIGNED = 'CheckpointSigned';

/**
 * Names this log in every checkpoint, as a transparency-log origin line does, so a signature
 * made for one log can never be presented as one for another log signed by the same key.
 */
export const LOG_ORIGIN = 'smartstart-ledger';

/** What a checkpoint asserts: the first `treeSize` leaves of the log have root `rootHash`. */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** Lowercase hex of the 32-byte RFC 6962 root. */
  rootHash: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Lowercase hex SHA-256 of the signer's uncompressed public key. */
  keyId: string;
  /** Lowercase hex of the 64-byte compact ECDSA signature r ‖ s. */
  signature: string;
}

const hex = (bytes: number) =>
  safeText().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `must be ${bytes} bytes of lowercase hex`);

/** Checkpoints arrive from event data, bundles and auditors' files: all untrusted. */
export const signedCheckpointSchema = z.strictObject({
  origin: safeText().min(1),
  treeSize: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  rootHash: hex(32),
  keyId: hex(32),
  signature: hex(64),
});

/**
 * The exact bytes that are signed: UTF-8 of the RFC 8785 text of {origin, rootHash, treeSize},
 * e.g. `{"origin":"smartstart-ledger","rootHash":"…","treeSize":15}`. Only these three fields
 * are signed; keyId names the key and is not part of the message.
 */
export function checkpointMessage(checkpoint: Checkpoint): Uint8Array {
  const text = canonicalJson({
    origin: checkpoint.origin,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
  });
  return new TextEncoder().encode(text);
}

/** A checkpoint as it sits in the log: the event that carries it, and when it was signed. */
export interface LoggedCheckpoint extends SignedCheckpoint {
  revision: string;
  eventId: string;
  signedAt: string;
}

/** Null when the event's data is not a well-formed checkpoint (the log was altered). */
export function loggedCheckpointOf(event: RecordedEvent): LoggedCheckpoint | null {
  const parsed = signedCheckpointSchema.safeParse(event.data);
  if (!parsed.success || event.type !== CHECKPOINT_SIGNED) return null;
  return {
    ...parsed.data,
    revision: event.revision.toString(),
    eventId: event.eventId,
    signedAt: event.metadata.occurredAt,
  };
}
