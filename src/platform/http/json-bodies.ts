import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../shared-kernel/domain-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_ONLY: readonly string[] = ['application/json'];
const MULTIPART_ONLY: readonly string[] = ['multipart/form-data'];

/**
 * The upload routes (POST /api/v1/documents and POST /api/v1/documents/:documentId/versions),
 * matched as Express routes them: case-insensitive, with or without a trailing slash. They take
 * multipart only; the cross-site check and the CSRF token still apply to them as to any write.
 */
const MULTIPART_ROUTES = /^\/api\/v1\/documents(\/[^/]+\/versions)?\/?$/i;

export class UnsupportedMediaTypeError extends DomainError {
  constructor(contentType: string | null, accepted: readonly string[]) {
    super(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the request body as ${accepted.join(' or ')} (Content-Type: ${accepted[0]})`,
      { contentType, accepted },
    );
  }
}

/**
 * The body types a route accepts: the one place a route gets another one (multipart uploads of
 * documents). Everything else is JSON only, because a foreign page can make a browser
 * send a form or text/plain body with no CORS preflight, but never an application/json one.
 */
function acceptedBodyTypes(request: Request): readonly string[] {
  return request.method === 'POST' && MULTIPART_ROUTES.test(request.originalUrl.split('?')[0])
    ? MULTIPART_ONLY
    : JSON_ONLY;
}

/**
 * Refuses, with 415, an unsafe request whose body is not an accepted type, before any parser
 * reads it. A request without a body (POST /auth/logout) needs no Content-Type; a request that
 * names one must name an accepted one, even when empty, so a form with no fields is refused too.
 */
export function requireJsonBodies(request: Request, _response: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(request.method)) return next();
  const contentType = request.headers['content-type'];
  if (contentType === undefined && !hasBody(request)) return next();
  const accepted = acceptedBodyTypes(request);
  if (contentType !== undefined && accepted.includes(mediaTypeOf(contentType))) return next();
  next(new UnsupportedMediaTypeError(contentType ?? null, accepted));
}

/** `application/json; charset=utf-8` → `application/json`. The parser itself refuses charsets it can't read. */
function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

function hasBody(request: Request): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) !== 0;
}
