import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { routeKey } from './permission-matrix';

/** Keys already worked out, per controller and handler: the guard asks on every request, and routes never change. */
const keysByController = new WeakMap<object, WeakMap<object, string | null>>();

/** `METHOD /full/path` of a controller method, from the same metadata Nest routes by. */
export function routeKeyOf(controller: object, handler: (...args: never[]) => unknown): string | null {
  let keys = keysByController.get(controller);
  if (!keys) keysByController.set(controller, (keys = new WeakMap()));
  let key = keys.get(handler);
  if (key === undefined) keys.set(handler, (key = readRouteKey(controller, handler)));
  return key;
}

function readRouteKey(controller: object, handler: (...args: never[]) => unknown): string | null {
  const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
  const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (methodPath === undefined || requestMethod === undefined) return null;
  const controllerPath = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
  const path = `/${[controllerPath, String(methodPath)].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return routeKey(RequestMethod[requestMethod], path);
}

/** Every route of every controller in the app. */
export function allRouteKeys(discovery: DiscoveryService, scanner: MetadataScanner): string[] {
  const keys: string[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, (...args: never[]) => unknown> | undefined;
    if (!instance) continue;
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
      const key = routeKeyOf(wrapper.metatype as object, instance[name]);
      if (key) keys.push(key);
    }
  }
  return keys;
}
