import { HTTP_CODE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { z } from 'zod';
import { readWriteContext } from '../identity/access/current-principal.decorator';
import { routeKeyOf } from '../identity/access/route-catalog';
import { MULTIPART_BODY, RESPONSE_SCHEMA, type ResponseDeclaration } from '../platform/http/responds-with';
import { ZodValidationPipe } from '../platform/http/zod-validation.pipe';

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
  /** Set on custom param decorators (createParamDecorator): the function that reads the value. */
  factory?: unknown;
}

/**
 * A route as its handler declares it: the zod schemas it validates its input with (a body,
 * query or param without one is listed as unvalidated), and whether it takes an Idempotency-Key.
 */
export interface RouteInputs {
  key: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params: Record<string, z.ZodType>;
  unvalidated: string[];
  /** Reads a JSON body at all, validated or not: the routes that must answer a malformed body with a 4xx (multipart uploads are apart). */
  takesBody: boolean;
  idempotencyKey: boolean;
  /** What a success answers: @HttpCode, or Nest's default (201 for POST, 200 otherwise). */
  successStatus: number;
  /** What a success answers, declared with @RespondsWith or @RespondsWithContent; a 204 needs neither. */
  response?: ResponseDeclaration;
  /** The text fields of a multipart upload (@AcceptsMultipart), besides its `file`. */
  multipart?: z.ZodType;
}

interface RouteMetadata {
  key: string;
  args: Record<string, RouteArg>;
  httpCode?: number;
  response?: ResponseDeclaration;
  multipart?: z.ZodType;
}

/** Every route's handler arguments as Nest records them: `type:index` → { data, pipes, factory }. */
function routeArgs(discovery: DiscoveryService, scanner: MetadataScanner): RouteMetadata[] {
  const routes: RouteMetadata[] = [];
  for (const wrapper of discovery.getControllers()) {
    // The class, not an instance: the contract generator builds the app in preview mode, where nothing is instantiated.
    const prototype = (wrapper.metatype as { prototype?: Record<string, (...args: never[]) => unknown> } | null)
      ?.prototype;
    if (!prototype) continue;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype as object, name) ?? {}) as Record<
        string,
        RouteArg
      >;
      const handler = prototype[name];
      const key = routeKeyOf(wrapper.metatype as object, handler);
      if (!key) continue;
      routes.push({
        key,
        args,
        httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
        response: Reflect.getMetadata(RESPONSE_SCHEMA, handler) as ResponseDeclaration | undefined,
        multipart: Reflect.getMetadata(MULTIPART_BODY, handler) as z.ZodType | undefined,
      });
    }
  }
  return routes;
}

const INPUT_KINDS: Partial<Record<number, 'body' | 'query' | 'param'>> = {
  [RouteParamtypes.BODY]: 'body',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
};

/** Register reads the header itself (it has no principal yet); every other write reads it through WriteContext. */
function readsIdempotencyKey(arg: string, { data, factory }: RouteArg): boolean {
  return (
    factory === readWriteContext ||
    (Number(arg.split(':')[0]) === (RouteParamtypes.HEADERS as number) &&
      typeof data === 'string' &&
      data.toLowerCase() === 'idempotency-key')
  );
}

/** Every route of the app with its declared inputs, from the same metadata Nest routes and validates by. */
export function routeInputs(discovery: DiscoveryService, scanner: MetadataScanner): RouteInputs[] {
  return routeArgs(discovery, scanner).map(({ key, args, httpCode, response, multipart }) => {
    const successStatus = httpCode ?? (key.startsWith('POST ') ? 201 : 200);
    const inputs: RouteInputs = {
      key,
      params: {},
      unvalidated: [],
      takesBody: false,
      idempotencyKey: false,
      successStatus,
      response,
      multipart,
    };
    for (const [arg, routeArg] of Object.entries(args)) {
      if (readsIdempotencyKey(arg, routeArg)) inputs.idempotencyKey = true;
      const kind = INPUT_KINDS[Number(arg.split(':')[0])];
      if (!kind) continue;
      if (kind === 'body') inputs.takesBody = true;
      const { data, pipes = [] } = routeArg;
      const schema = pipes.find(
        (pipe): pipe is ZodValidationPipe<z.ZodType> => pipe instanceof ZodValidationPipe,
      )?.schema;
      if (!schema) inputs.unvalidated.push(`${kind} ${typeof data === 'string' ? data : ''}`.trim());
      else if (kind === 'param') inputs.params[String(data)] = schema;
      else inputs[kind] = schema;
    }
    return inputs;
  });
}
