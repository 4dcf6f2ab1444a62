import { DomainError } from '../shared-kernel/domain-error';

/** No leaf for this event id: it was never appended, or the sealer has not reached it yet. */
export class EventNotInLogError extends DomainError {
  constructor(eventId: string) {
    super('EVENT_NOT_IN_LOG', `Event ${eventId} is not in the Merkle log (unknown, or not sealed yet)`, { eventId });
  }
}

/** The event was sealed after the tree size asked for, so that tree cannot include it. */
export class EventAfterTreeSizeError extends DomainError {
  constructor(eventId: string, leafIndex: number, treeSize: number) {
    super(
      'EVENT_AFTER_TREE_SIZE',
      `Event ${eventId} is leaf ${leafIndex}, outside a tree of ${treeSize} leaves: ask for a larger tree size`,
      { eventId, leafIndex, treeSize },
    );
  }
}

/** A tree size beyond what has been sealed, or sizes that no proof can connect. */
export class TreeSizeUnavailableError extends DomainError {
  constructor(message: string, details: Record<string, unknown>) {
    super('TREE_SIZE_UNAVAILABLE', message, details);
  }
}

export class NoCheckpointYetError extends DomainError {
  constructor() {
    super('NO_CHECKPOINT_YET', 'No checkpoint has been signed yet; give a tree size explicitly or try again later');
  }
}

/** Stored audit data that cannot be read as written: the log was altered outside the app. */
export class AuditLogCorruptError extends DomainError {
  constructor(message: string, details: Record<string, unknown>) {
    super('AUDIT_LOG_CORRUPT', `${message}; run a full verification`, details);
  }
}

export class VerificationNotFoundError extends DomainError {
  constructor(id: string) {
    super('VERIFICATION_NOT_FOUND', `No verification with id ${id}`, { id });
  }
}

export class StreamNotFoundError extends DomainError {
  constructor(streamId: string) {
    super('STREAM_NOT_FOUND', `No stream ${streamId}`, { streamId });
  }
}

export class CheckpointNotFoundError extends DomainError {
  constructor(treeSize: number) {
    super('CHECKPOINT_NOT_FOUND', `No signed checkpoint has tree size ${treeSize}`, { treeSize });
  }
}

export class WitnessUnknownError extends DomainError {
  constructor(name: string, keyId: string) {
    super('WITNESS_UNKNOWN', `No witness ${name} with key id ${keyId} is configured in WITNESS_KEYS`, { name, keyId });
  }
}

export class CosignatureInvalidError extends DomainError {
  constructor(name: string, treeSize: number) {
    super(
      'COSIGNATURE_INVALID',
      `The cosignature of ${name} does not verify over the checkpoint of tree size ${treeSize}`,
      { name, treeSize },
    );
  }
}
