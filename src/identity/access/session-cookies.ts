import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../shared-kernel/domain-error';
import type { Request, Response } from 'express';

/**
 * Portal sessions: the access and refresh tokens live in httpOnly SameSite=Lax cookies that
 * scripts can't read; the CSRF token (HMAC of the session id, so it can't be planted) is in a
 * readable cookie that the portal echoes in X-CSRF-Token on every unsafe request.
 */
export const ACCESS_COOKIE = 'ss_access';
export const REFRESH_COOKIE = 'ss_refresh';
export const CSRF_COOKIE = 'ss_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfTokenFor(sessionId: string, secret: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionId}`).digest('base64url');
}

/** Unsafe cookie-authenticated requests must echo the session's CSRF token in the header. */
export function requireCsrf(request: Request, sessionId: string, secret: string): void {
  const given = request.headers[CSRF_HEADER];
  const expected = csrfTokenFor(sessionId, secret);
  if (
    typeof given !== 'string' ||
    given.length !== expected.length ||
    !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  ) {
    throw new DomainError(
      'CSRF_TOKEN_MISSING',
      `Cookie sessions must send the ${CSRF_HEADER} header on ${request.method} requests`,
    );
  }
}

export interface CookieTokens {
  accessToken: string;
  refreshToken: string;
  csrfToken: string;
  refreshTtlSeconds: number;
}

export function setSessionCookies(response: Response, tokens: CookieTokens, secure: boolean): void {
  const base = { sameSite: 'lax' as const, secure, maxAge: tokens.refreshTtlSeconds * 1000 };
  response.cookie(ACCESS_COOKIE, tokens.accessToken, { ...base, httpOnly: true, path: '/api' });
  response.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...base, httpOnly: true, path: '/api/v1/auth' });
  response.cookie(CSRF_COOKIE, tokens.csrfToken, { ...base, httpOnly: false, path: '/' });
}

export function clearSessionCookies(response: Response): void {
  response.clearCookie(ACCESS_COOKIE, { path: '/api' });
  response.clearCookie(REFRESH_COOKIE, { path: '/api/v1/auth' });
  response.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** Reads one cookie from the header; Express 5 ships no cookie parser and we need three. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      try {
        return decodeURIComponent(part.slice(separator + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
