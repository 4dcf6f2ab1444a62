import { createHash } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '../config/app-config';

/**
 * The one style attribute the portal has: SvelteKit's route announcer, a visually hidden live
 * region, writes it into every app (sveltejs/kit#11993). 'unsafe-hashes' lets exactly this
 * attribute through and no other; a SvelteKit that changes it fails the browser CSP walk.
 */
const SVELTEKIT_ANNOUNCER_STYLE =
  'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const announcerStyleHash = `'sha256-${createHash('sha256').update(SVELTEKIT_ANNOUNCER_STYLE).digest('base64')}'`;

/**
 * What every answer says to the browser. The portal is built to need nothing but its own
 * origin: no inline script (ui/external-bootstrap.js moves SvelteKit's start-up script into a
 * file), no style attribute but the announcer's, no framing by anyone.
 */
export function securityHeaderOptions(config: AppConfig): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-hashes'", announcerStyleHash],
        // The TOTP QR code is SVG markup in the page, not an image URL.
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain HTTP (local runs) an upgrade would send the page's requests to a port with no TLS.
        upgradeInsecureRequests: config.COOKIE_SECURE ? [] : null,
      },
    },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only a deployment served over HTTPS (the one that sets Secure cookies) may pin browsers to it.
    strictTransportSecurity: config.COOKIE_SECURE ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: true } : false,
  };
}

/**
 * Helmet on every answer. Nothing under /api/v1/auth (tokens, sessions, MFA secrets) is stored by
 * any cache, nor under /api/v1/share-link, whose answers depend on the X-Share-Token header: a
 * cached 410 for a revoked link would otherwise answer the next token on the same URL.
 */
export function useSecurityHeaders(app: NestExpressApplication, config: AppConfig): void {
  app.use(helmet(securityHeaderOptions(config)));
  app.use(['/api/v1/auth', '/api/v1/share-link'], (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('cache-control', 'no-store');
    next();
  });
}
