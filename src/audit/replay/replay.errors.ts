import { DomainError } from '../../shared-kernel/domain-error';

/** A stream category with no evolve function to replay it through (e.g. `ledger`, or a typo). */
export class ReplayCategoryUnknownError extends DomainError {
  constructor(category: string, replayable: readonly string[]) {
    super(
      'REPLAY_CATEGORY_UNKNOWN',
      `No evolve function replays the category "${category}"; replayable: ${replayable.join(', ')}`,
      { category, replayable },
    );
  }
}

export class RevisionNotFoundError extends DomainError {
  constructor(streamId: string, revision: bigint, headRevision: bigint) {
    super(
      'REVISION_NOT_FOUND',
      `Stream ${streamId} has no revision ${revision}: its last revision is ${headRevision}`,
      {
        streamId,
        revision: revision.toString(),
        headRevision: headRevision.toString(),
      },
    );
  }
}

/**
 * The domain's evolve refused a stored event (an unknown type, or data it cannot read). The app
 * never writes such an event, so the log was altered or the code no longer reads its own past.
 */
export class ReplayFailedError extends DomainError {
  constructor(streamId: string, revision: bigint, type: string, reason: string) {
    super(
      'REPLAY_FAILED',
      `Replaying ${streamId} failed at revision ${revision} (${type}): ${reason}; run a full verification`,
      {
        streamId,
        revision: revision.toString(),
        type,
        reason,
      },
    );
  }
}
