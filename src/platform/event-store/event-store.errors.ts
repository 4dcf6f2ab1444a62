import { DomainError } from '../../shared-kernel/domain-error';
import { describeUnstorable, type UnstorableCharacter } from '../text/storable-text';
import type { ExpectedRevision } from './event-store.port';

/** The stream is not at the revision the writer expected: reload, decide again, retry. */
export class WrongExpectedVersionError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | null,
  ) {
    super(
      'WRONG_EXPECTED_VERSION',
      `Stream ${streamId} is at revision ${actual ?? 'none'}, expected ${String(expected)}`,
      {
        streamId,
        expected: String(expected),
        actual: actual === null ? null : String(actual),
      },
    );
  }
}

/** An event id already stored with different content: an id is an idempotency key, never reused. */
export class EventIdConflictError extends DomainError {
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super('EVENT_ID_CONFLICT', `Event id ${eventId} was already used for different content`, { eventId, streamId });
  }
}

/** The caller passed something the store cannot take: a bad stream name, type, id or empty batch. */
export class InvalidAppendError extends DomainError {
  constructor(
    message: string,
    details: Record<string, unknown> = {},
    code: 'INVALID_APPEND' | 'UNSTORABLE_TEXT' = 'INVALID_APPEND',
  ) {
    super(code, message, details);
  }
}

/**
 * Event data or metadata holds text the ledger refuses (NUL, a lone surrogate…; see
 * storable-text.ts). The HTTP edge refuses it first; this is the last line of defence, so that
 * no such event reaches the log, where a projection would fail on it forever.
 */
export class UnstorableTextError extends InvalidAppendError {
  constructor(path: string, found: UnstorableCharacter) {
    super(
      `${path} ${describeUnstorable(found)}`,
      { path, codePoint: found.codePoint, index: found.index },
      'UNSTORABLE_TEXT',
    );
  }
}
