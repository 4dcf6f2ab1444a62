/**
 * An error the client can act on. The error filter turns it into `{ error, message, details }`
 * with its HTTP status; anything that is not a DomainError (or a validation error) is a 5xx bug.
 */
export class DomainError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
