import { z } from 'zod';
import { idempotencyKeySchema } from '../identity/access/current-principal.decorator';
import { PERMISSION_MATRIX, type AccessRule } from '../identity/access/permission-matrix';
import { ACCESS_COOKIE } from '../identity/access/session-cookies';
import { ERROR_CATALOG, ERROR_CODES, type ErrorCode } from '../shared-kernel/error-catalog';
import { genericErrors } from './generic-errors';
import { ROUTE_ERRORS } from './route-errors';
import type { RouteInputs } from './route-inventory';

type JsonSchema = Record<string, unknown>;

/** A route with everything the document says about it. */
export interface DocumentedRoute {
  key: string;
  method: string;
  /** In OpenAPI form: `/api/v1/tasks/{taskId}`. */
  path: string;
  rule: AccessRule;
  inputs: RouteInputs;
  errors: ErrorCode[];
}

/** The document's own outline; what each operation holds is OpenAPI 3.1's business. */
export const openApiDocumentSchema = z.strictObject({
  openapi: z.literal('3.1.0'),
  info: z.strictObject({ title: z.string(), version: z.string(), description: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
  components: z.record(z.string(), z.unknown()),
});
export type OpenApiDocument = z.infer<typeof openApiDocumentSchema>;

/**
 * Joins each route's declared inputs with its access rule and errors. A route with no rule or no
 * error entry is refused here, so the document can't silently leave one out.
 */
export function documentRoutes(inputs: RouteInputs[]): DocumentedRoute[] {
  return inputs
    .map((route) => {
      // Both are looked up by a key the app serves, which either table may lack.
      const rule = PERMISSION_MATRIX[route.key] as AccessRule | undefined;
      const specific = ROUTE_ERRORS[route.key] as readonly ErrorCode[] | undefined;
      if (!rule || !specific)
        throw new Error(`Route ${route.key} has no ${rule ? 'entry in src/api-docs/route-errors.ts' : 'access rule'}`);
      if (!route.response && route.successStatus !== 204)
        throw new Error(
          `Route ${route.key} declares no success body: add @RespondsWith(schema), or @RespondsWithContent for a stream or a page`,
        );
      const [method, path] = route.key.split(' ');
      const errors = [...new Set([...genericErrors(route, rule), ...specific])];
      return {
        key: route.key,
        method: method.toLowerCase(),
        path: path.replace(/:(\w+)/g, '{$1}'),
        rule,
        inputs: route,
        errors,
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): a request's input side, by default, or an answer's output side. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

export function openApiDocument(routes: DocumentedRoute[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operationOf(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'SmartStart Ledger API',
      version: '1',
      description:
        'Every error answers `{ error, message, details }`; `error` is a code of the error catalog (components.x-error-catalog). `x-access` says who may call a route; writes that take an `Idempotency-Key` header answer a retry with the first result.',
    },
    paths,
    components: {
      schemas: { Error: errorSchema(ERROR_CODES) },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token from POST /api/v1/auth/login (session: "token"), or an integration token.',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: ACCESS_COOKIE,
          description: 'The portal session; unsafe requests also send X-CSRF-Token.',
        },
      },
      'x-error-catalog': ERROR_CATALOG,
    },
  };
}

function operationOf(route: DocumentedRoute): JsonSchema {
  const { inputs } = route;
  const operation: JsonSchema = {
    operationId: operationIdOf(route),
    tags: [tagOf(route.path)],
    summary: route.key,
    'x-access': route.rule,
    'x-idempotency-key': inputs.idempotencyKey,
    'x-error-codes': route.errors,
    security: route.rule.access === 'public' ? [] : [{ bearer: [] }, { sessionCookie: [] }],
    parameters: parametersOf(inputs),
    responses: responsesOf(route),
  };
  if (inputs.multipart) {
    operation.requestBody = {
      required: true,
      content: { 'multipart/form-data': { schema: multipartSchemaOf(inputs.multipart) } },
    };
  } else if (inputs.body) {
    operation.requestBody = {
      required: !inputs.body.safeParse(undefined).success,
      content: { 'application/json': { schema: jsonSchemaOf(inputs.body) } },
    };
  } else if (inputs.takesBody) {
    operation.requestBody = { required: false, content: { 'application/json': { schema: {} } } };
  }
  return operation;
}

/** The text fields' schema plus the one binary `file` part. */
function multipartSchemaOf(fields: z.ZodType): JsonSchema {
  const schema = jsonSchemaOf(fields);
  const properties = {
    ...((schema.properties as JsonSchema | undefined) ?? {}),
    file: {
      type: 'string',
      contentMediaType: 'application/octet-stream',
      description: 'The content; its type is decided from its bytes.',
    },
  };
  return { ...schema, properties, required: [...((schema.required as string[] | undefined) ?? []), 'file'] };
}

function parametersOf(inputs: RouteInputs): JsonSchema[] {
  const pathParams = [...inputs.key.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: Object.hasOwn(inputs.params, name) ? jsonSchemaOf(inputs.params[name]) : { type: 'string' },
  }));
  const idempotency = inputs.idempotencyKey
    ? [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Retrying with the same key answers with the first result instead of writing twice.',
          schema: jsonSchemaOf(idempotencyKeySchema),
        },
      ]
    : [];
  return [...pathParams, ...queryParametersOf(inputs.query), ...idempotency];
}

function queryParametersOf(query: z.ZodType | undefined): JsonSchema[] {
  if (!query) return [];
  const schema = jsonSchemaOf(query);
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return [{ name: 'query', in: 'query', style: 'form', explode: true, schema }];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.has(name),
    schema: property,
  }));
}

/** One response per status; each error status lists its codes, with their meanings, from the catalog. */
function responsesOf(route: DocumentedRoute): JsonSchema {
  const responses: JsonSchema = { [String(route.inputs.successStatus)]: successResponseOf(route.inputs) };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of route.errors)
    byStatus.set(ERROR_CATALOG[code].status, [...(byStatus.get(ERROR_CATALOG[code].status) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: codes.map((code) => `${code}: ${ERROR_CATALOG[code].meaning}`).join('\n'),
      content: { 'application/json': { schema: errorSchema(codes) } },
    };
  }
  return responses;
}

function successResponseOf({ successStatus, response }: RouteInputs): JsonSchema {
  if (successStatus === 204 || !response) return { description: 'Done; no body.' };
  if ('schema' in response)
    return {
      description: 'Success.',
      content: { [response.mediaType]: { schema: jsonSchemaOf(response.schema, 'output') } },
    };
  return { description: response.description, content: { [response.mediaType]: { schema: { type: 'string' } } } };
}

function errorSchema(codes: readonly ErrorCode[]): JsonSchema {
  return {
    type: 'object',
    required: ['error', 'message', 'details'],
    properties: {
      error: { type: 'string', enum: codes },
      message: { type: 'string' },
      details: { type: 'object', additionalProperties: true },
    },
  };
}

function operationIdOf(route: DocumentedRoute): string {
  const words = route.path
    .replace(/^\/api\/(v1\/)?/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [route.method, ...words.map((word) => word[0].toUpperCase() + word.slice(1))].join('');
}

/** `/api/v1/conversion-windows/{windowId}` → `conversion-windows`: routes grouped by resource. */
function tagOf(path: string): string {
  return path.replace(/^\/api\/(v1\/)?/, '').split('/')[0];
}
