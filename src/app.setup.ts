import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { servesApi, type AppConfig } from './platform/config/app-config';
import { requireJsonBodies } from './platform/http/json-bodies';
import { useSecurityHeaders } from './platform/http/security-headers';
import { AVATAR_UPLOAD_PATH } from './people/avatars/avatar.handler';

/** What main.ts and the test harness both do to a created app before listening. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Behind a proxy every socket is the proxy's: believe X-Forwarded-For only from the proxies TRUST_PROXY names.
  app.set('trust proxy', config.TRUST_PROXY);
  // First, so that every answer, refusals included, carries the headers.
  useSecurityHeaders(app, config);
  if (!servesApi(config)) app.use(workerServesOnlyHealth);
  // The only body parser (the app is created with bodyParser: false, so no urlencoded one), and
  // only after non-JSON bodies were refused.
  app.use('/api', requireJsonBodies);
  // An avatar (at most 2 MB) travels as base64 in JSON: its route alone reads a larger body.
  app.use(AVATAR_UPLOAD_PATH, json({ limit: '3mb' }));
  app.useBodyParser('json', { limit: '1mb' });
  servePortal(app, path.resolve(config.UI_DIR));
}

/** A worker (ROLE=worker) answers only the orchestrator's probe; anything else is for an API instance. */
function workerServesOnlyHealth(request: Request, response: Response, next: NextFunction): void {
  if (request.path === '/api/health') return next();
  response.status(404).json({
    error: 'NOT_FOUND',
    message:
      'This is a worker process (ROLE=worker): it serves only /api/health. Send API and portal requests to an API instance.',
    details: {},
  });
}

/**
 * The built SvelteKit portal on the API's port. Hashed assets are cached for good; every other
 * path that is not an API path gets index.html, so client-side routes survive a reload.
 */
function servePortal(app: NestExpressApplication, uiDir: string): void {
  const index = path.join(uiDir, 'index.html');
  app.useStaticAssets(uiDir, {
    index: false,
    setHeaders: (response: Response, file: string) => {
      if (file.includes(`${path.sep}_app${path.sep}immutable${path.sep}`))
        response.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || request.path.startsWith('/api')) {
      next();
      return;
    }
    if (!existsSync(index))
      return response.status(503).type('text/plain').send('The portal is not built: run `npm run build:ui`.');
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(index);
  });
}
