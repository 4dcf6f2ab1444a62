import { ERROR_CATALOG, type ErrorCode } from './error-catalog';

/**
 * An error the client can act on. The error filter turns it into `{ error, message, details }`
 * with its HTTP status, which comes from the error catalog so a code means the same everywhere;
 * anything that is not a DomainError (or a validation error) is a 5xx bug.
 */
export class DomainError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.httpStatus = ERROR_CATALOG[code].status;
  }
}
