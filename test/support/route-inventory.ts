import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { routeInputs as walkRouteInputs, type RouteInputs } from '../../src/api-docs/route-inventory';
import { allRouteKeys } from '../../src/identity/access/route-catalog';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * `METHOD /path` of every route Express actually serves (not what Nest thinks it registered),
 * without Nest's own catch-all `/{*path}` routes, which only answer 404.
 */
export function expressRouteKeys(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack.flatMap(({ route }) =>
    route && route.path !== '/{*path}'
      ? Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path}`)
      : [],
  );
}

export function nestRouteKeys(app: NestExpressApplication): string[] {
  return allRouteKeys(app.get(DiscoveryService), app.get(MetadataScanner));
}

/** Routes whose handler takes a @Body(), i.e. the ones that must validate a JSON body. */
export function routesWithBody(app: NestExpressApplication): string[] {
  return routeInputs(app)
    .filter((route) => route.takesBody)
    .map(({ key }) => key);
}

/** The zod schemas each route validates its input with (src/api-docs/route-inventory.ts, which the OpenAPI document is built from). */
export function routeInputs(app: NestExpressApplication): RouteInputs[] {
  return walkRouteInputs(app.get(DiscoveryService), app.get(MetadataScanner));
}

export type { RouteInputs };
