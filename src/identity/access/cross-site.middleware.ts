import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../shared-kernel/domain-error';
import { ACCESS_COOKIE, REFRESH_COOKIE, readCookie } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CrossSiteRequestError extends DomainError {
  constructor(origin: string | null) {
    super(
      'CROSS_SITE_REQUEST',
      'Requests from another site are refused: sign in and write through the portal itself. Behind a proxy, add its public origin to ALLOWED_ORIGINS.',
      { origin },
    );
  }
}

/**
 * Refuses unsafe API requests a foreign page made the browser send (403): those whose Origin is
 * neither the API's own nor in ALLOWED_ORIGINS, or that the browser marks Sec-Fetch-Site:
 * cross-site. This covers sign-in, which has no session and so no CSRF token yet (a form on
 * another site could sign the victim's browser into the attacker's account), and backs up the
 * CSRF token of cookie sessions. Requests that authenticate with an Authorization header and
 * carry no session cookie are exempt: a browser never adds that header to a cross-site request
 * on its own, and integrations send no Origin anyway. Neither do other non-browser clients, so
 * a request without Origin or Sec-Fetch-Site passes.
 */
@Injectable()
export class CrossSiteMiddleware implements NestMiddleware {
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowedOrigins = new Set(config.ALLOWED_ORIGINS);
  }

  use(request: Request, _response: Response, next: NextFunction): void {
    if (SAFE_METHODS.has(request.method) || isTokenCall(request)) return next();
    const origin = request.headers.origin;
    if (request.headers['sec-fetch-site'] === 'cross-site') throw new CrossSiteRequestError(origin ?? null);
    if (origin !== undefined && origin !== ownOrigin(request) && !this.allowedOrigins.has(origin))
      throw new CrossSiteRequestError(origin);
    next();
  }
}

function isTokenCall(request: Request): boolean {
  return (
    request.headers.authorization !== undefined &&
    !readCookie(request, ACCESS_COOKIE) &&
    !readCookie(request, REFRESH_COOKIE)
  );
}

/**
 * The origin the browser sees this API at: its scheme and Host header, as browsers write an
 * Origin (lower case, no default port). A proxy that changes either needs ALLOWED_ORIGINS.
 */
function ownOrigin(request: Request): string | null {
  const host = request.headers.host;
  const own = `${request.protocol}://${host}`;
  return host && URL.canParse(own) ? new URL(own).origin : null;
}
