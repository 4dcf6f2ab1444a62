import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { allRouteKeys, routeKeyOf } from '../../src/identity/access/route-catalog';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * `METHOD /path` of every route Express actually serves (not what Nest thinks it registered),
 * without Nest's own catch-all `/{*path}` routes, which only answer 404.
 */
export function expressRouteKeys(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack
    .filter((layer) => layer.route && layer.route.path !== '/{*path}')
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`));
}

export function nestRouteKeys(app: NestExpressApplication): string[] {
  return allRouteKeys(app.get(DiscoveryService), app.get(MetadataScanner));
}

/** Routes whose handler takes a @Body(), i.e. the ones that must validate a JSON body. */
export function routesWithBody(app: NestExpressApplication): string[] {
  const keys: string[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const instance = wrapper.instance as Record<string, (...args: never[]) => unknown>;
    for (const name of app.get(MetadataScanner).getAllMethodNames(Object.getPrototypeOf(instance))) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype as object, name) ?? {}) as Record<string, unknown>;
      const key = routeKeyOf(wrapper.metatype as object, instance[name]);
      if (key && Object.keys(args).some((arg) => arg.startsWith(`${RouteParamtypes.BODY}:`))) keys.push(key);
    }
  }
  return keys;
}
