import type { GlobalPosition, RecordedEvent } from '../event-store/event-store.port';
import type { ApplyFailure } from './projection-checkpoints.repository';

/** Stored and shown errors are cut here: enough to act on, short enough for a health answer. */
export const MAX_ERROR_LENGTH = 300;

/** Longest pause between two attempts at a failing event, however large the backoff grows. */
const MAX_RETRY_DELAY_MS = 5 * 60_000;

/** The messages node-postgres gives a connection that is gone or never came (it sets no code). */
const PG_CONNECTION_ERRORS =
  /Connection terminated|encountered a connection error|timeout exceeded when trying to connect/;

/** A projection's `apply` threw on one event; `from` is the checkpoint just before it. */
export class ProjectionApplyError extends Error {
  constructor(
    readonly from: GlobalPosition | null,
    readonly event: RecordedEvent,
    cause: unknown,
  ) {
    super(`could not apply ${event.type} ${event.eventId} at ${event.position}`, { cause });
  }

  get failure(): ApplyFailure {
    return {
      position: this.event.position,
      eventId: this.event.eventId,
      eventType: this.event.type,
      error: describeApplyError(this.cause),
    };
  }
}

/** Exponential: the base after the first failure, doubling after each further one. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/**
 * The connection failed, not the event: a dropped or refused connection, or a server shutting
 * down. Such errors say nothing about the event, so they do not count towards FAILED; the
 * runner tries again after LEADER_RETRY_MS as for any other fault (and /api/health shows a
 * database that does not answer).
 */
export function isConnectionError(error: unknown): boolean {
  if (isPostgresError(error)) return /^(08|57P)/.test(error.code);
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  // Node's socket errors (ECONNRESET, ECONNREFUSED, EPIPE, …), pg's and pg-pool's own, knex's pool timeout.
  return (
    (typeof code === 'string' && /^E[A-Z]+$/.test(code)) ||
    PG_CONNECTION_ERRORS.test(driverMessage(error)) ||
    error.name === 'KnexTimeoutError'
  );
}

interface PostgresErrorFields {
  code: string;
  severity: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
  schema?: string;
}

/**
 * The error as it may be stored, logged and shown on public pages: no event data. knex puts the
 * statement with its bound values (the event's data) before PostgreSQL's own message, and that
 * message quotes offending values (`invalid input syntax for type uuid: "…"`), so for a
 * database error only the server's message is kept, with every quoted part that is not one of
 * the identifiers the error names (table, column, constraint, type) blanked out.
 */
export function describeApplyError(error: unknown): string {
  if (isPostgresError(error)) {
    const identifiers = new Set(
      [error.table, error.column, error.constraint, error.dataType, error.schema].filter(Boolean),
    );
    const redacted = driverMessage(error).replace(/"((?:[^"]|"")*)"/g, (quoted, inner: string) =>
      identifiers.has(inner) ? quoted : '"…"',
    );
    return truncate(`${error.code}: ${redacted}`);
  }
  // The projections' own errors: their messages name the problem, not the event's content.
  return truncate(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/** The message without the statement and bound values knex puts before it (`<statement> - <message>`). */
function driverMessage(error: Error): string {
  const statementEnd = error.message.lastIndexOf(' - ');
  return statementEnd === -1 ? error.message : error.message.slice(statementEnd + ' - '.length);
}

function isPostgresError(error: unknown): error is Error & PostgresErrorFields {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { severity?: unknown }).severity === 'string'
  );
}

function truncate(text: string): string {
  return text.length <= MAX_ERROR_LENGTH ? text : `${text.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}
