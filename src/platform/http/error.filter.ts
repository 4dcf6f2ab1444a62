import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ZodError } from 'zod';
import { DomainError } from '../../shared-kernel/domain-error';
import { ERROR_CATALOG, type ErrorCode } from '../../shared-kernel/error-catalog';

interface ErrorBody {
  error: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/**
 * The one place errors become HTTP answers, always as `{ error, message, details }`. Client
 * mistakes (validation, domain rules, Nest's own 4xx) keep their status; anything else is our
 * bug: a 500 with a generic message, logged with its stack.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = toErrorBody(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // Every "wait" answer (rate limits, account locks) tells clients how long, in the standard header too.
    if (status === 429 && typeof body.details.retryAfterSeconds === 'number')
      response.setHeader('retry-after', String(body.details.retryAfterSeconds));
    response.status(status).json(body);
  }
}

function toErrorBody(exception: unknown): [number, ErrorBody] {
  if (exception instanceof DomainError) {
    return [exception.httpStatus, { error: exception.code, message: exception.message, details: exception.details }];
  }
  if (exception instanceof ZodError) {
    const issues = exception.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const message = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
    return [ERROR_CATALOG.VALIDATION_FAILED.status, { error: 'VALIDATION_FAILED', message, details: { issues } }];
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : exception.message;
    return [status, { error: httpErrorCode(status), message, details: {} }];
  }
  if (isExposedClientError(exception)) {
    return [exception.status, { error: httpErrorCode(exception.status), message: exception.message, details: {} }];
  }
  return [
    ERROR_CATALOG.INTERNAL.status,
    { error: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.', details: {} },
  ];
}

/**
 * The body parser's refusals (`http-errors`): 413 for a body over the limit, 415 for a charset
 * or Content-Encoding it can't read, 400 for an aborted or mis-sized body. Nest maps only its
 * SyntaxError to a 400, so without this they were 500s (found by test/e2e/fuzz-endpoints).
 * `expose` is http-errors' own promise that the message is meant for the client.
 */
function isExposedClientError(exception: unknown): exception is Error & { status: number } {
  const candidate = exception as { status?: unknown; expose?: unknown };
  return (
    exception instanceof Error &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500 &&
    candidate.expose === true
  );
}

function httpErrorCode(status: number): ErrorCode {
  const codes: Record<number, ErrorCode> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHENTICATED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    413: 'PAYLOAD_TOO_LARGE',
    415: 'UNSUPPORTED_MEDIA_TYPE',
    429: 'RATE_LIMITED',
  };
  return codes[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}
