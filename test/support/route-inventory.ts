import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { z } from 'zod';
import { allRouteKeys, routeKeyOf } from '../../src/identity/access/route-catalog';
import { ZodValidationPipe } from '../../src/platform/http/zod-validation.pipe';

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

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

/** Every route's handler arguments as Nest records them: `type:index` → { data, pipes }. */
function routeArgs(app: NestExpressApplication): { key: string; args: Record<string, RouteArg> }[] {
  const routes: { key: string; args: Record<string, RouteArg> }[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const instance = wrapper.instance as Record<string, (...args: never[]) => unknown>;
    for (const name of app.get(MetadataScanner).getAllMethodNames(Object.getPrototypeOf(instance))) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype as object, name) ?? {}) as Record<string, RouteArg>;
      const key = routeKeyOf(wrapper.metatype as object, instance[name]);
      if (key) routes.push({ key, args });
    }
  }
  return routes;
}

/** Routes whose handler takes a @Body(), i.e. the ones that must validate a JSON body. */
export function routesWithBody(app: NestExpressApplication): string[] {
  return routeArgs(app)
    .filter(({ args }) => Object.keys(args).some((arg) => arg.startsWith(`${RouteParamtypes.BODY}:`)))
    .map(({ key }) => key);
}

/** The zod schemas a route validates its input with; a body, query or param without one is listed as unvalidated. */
export interface RouteInputs {
  key: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params: Record<string, z.ZodType>;
  unvalidated: string[];
}

export function routeInputs(app: NestExpressApplication): RouteInputs[] {
  const kinds: Partial<Record<number, 'body' | 'query' | 'param'>> = { [RouteParamtypes.BODY]: 'body', [RouteParamtypes.QUERY]: 'query', [RouteParamtypes.PARAM]: 'param' };
  return routeArgs(app).map(({ key, args }) => {
    const inputs: RouteInputs = { key, params: {}, unvalidated: [] };
    for (const [arg, { data, pipes = [] }] of Object.entries(args)) {
      const kind = kinds[Number(arg.split(':')[0])];
      if (!kind) continue;
      const schema = pipes.find((pipe): pipe is ZodValidationPipe<z.ZodType> => pipe instanceof ZodValidationPipe)?.schema;
      if (!schema) inputs.unvalidated.push(`${kind} ${String(data ?? '')}`.trim());
      else if (kind === 'param') inputs.params[String(data)] = schema;
      else inputs[kind] = schema;
    }
    return inputs;
  });
}
