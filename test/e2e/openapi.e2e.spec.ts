import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DOCUMENT_FILE } from '../../scripts/api-contract.mjs';
import { ROUTE_ERRORS } from '../../src/api-docs/route-errors';
import { PERMISSION_MATRIX } from '../../src/identity/access/permission-matrix';
import { ROLES } from '../../src/identity/domain/roles.contract';
import { ERROR_CATALOG, ERROR_CODES, type ErrorCode } from '../../src/shared-kernel/error-catalog';
import { signUp, type TestUser } from '../support/identity';
import { nestRouteKeys, routeInputs, type RouteInputs } from '../support/route-inventory';
import { documentRouteAnswers } from '../support/documents-walk';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { errorOf } from '../support/json';
import { closeIfStarted } from '../support/teardown';

interface Operation {
  operationId: string;
  'x-access': unknown;
  'x-idempotency-key': boolean;
  'x-error-codes': string[];
  parameters: { name: string; in: string; required?: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Partial<
    Record<string, { content?: Record<string, { schema: { properties: { error: { enum: string[] } } } }> }>
  >;
}

interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: object; securitySchemes: object; 'x-error-catalog': unknown };
}

const UNSAFE = (key: string) => !key.startsWith('GET ');

/** Writes that are not commands on the log, so an Idempotency-Key means nothing to them. */
const WRITES_WITHOUT_IDEMPOTENCY_KEY = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/mfa/confirm',
  'POST /api/v1/auth/mfa/enroll',
  'POST /api/v1/auth/mfa/verify',
  'POST /api/v1/admin/jobs/:job/run',
  // The windows job run by a board member, like the admin run above: a window moves once, by its own status.
  'POST /api/v1/conversion-windows/advance',
  'POST /api/v1/audit/verify',
  // Read marks (#16 §5) write no event, and are idempotent by (recipient, notification) themselves.
  'POST /api/v1/me/notifications/:notificationId/read',
  'POST /api/v1/me/notifications/read-all',
  // Idempotent by the event's own taskId instead.
  'POST /api/v1/events/task/accepted',
  // Public verification of a signature: a question, not a command.
  'POST /api/v1/signatures/verify',
  // Idempotent by (tree size, witness): the first cosignature stays.
  'POST /api/v1/witness/cosignatures',
  // Credentials (#16 §9), like sign-in: a retry must prove the password or the link again, and a
  // used link stays used. A reset link is shown once and never kept, so its answer can't be repeated.
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/admin/users/:userId/password-reset',
  // Ending a session that has ended already is SESSION_NOT_FOUND, and writes nothing.
  'DELETE /api/v1/auth/sessions/:sessionId',
  // Idempotent by the request's own id: approving an approved reset writes nothing.
  'POST /api/v1/compliance/mfa-resets/:requestId/approve',
];

/** Catalog codes no route is meant to answer: Nest's own, and the event store's last line of defence behind the HTTP checks. */
const NOT_ROUTE_ERRORS: ErrorCode[] = [
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'WRONG_EXPECTED_VERSION',
  'INVALID_APPEND',
  'UNSTORABLE_TEXT',
];

/** What every route of its kind can refuse, stated from its rule and method alone. */
function expectedGenericErrors(route: RouteInputs): ErrorCode[] {
  const rule = PERMISSION_MATRIX[route.key];
  const codes: ErrorCode[] = [];
  if (route.body || route.query || Object.keys(route.params).length > 0) codes.push('VALIDATION_FAILED');
  if (UNSAFE(route.key)) codes.push('UNSUPPORTED_MEDIA_TYPE', 'CROSS_SITE_REQUEST');
  if (rule.access !== 'public') codes.push('UNAUTHENTICATED');
  if (rule.access === 'roles') codes.push('FORBIDDEN');
  if (route.idempotencyKey) codes.push('IDEMPOTENCY_KEY_REUSED');
  if (route.key !== 'GET /api/health') codes.push('RATE_LIMITED');
  return codes;
}

/**
 * One call of the walk. fetch answers once the headers are in, so a stream (server-sent events)
 * is seen and closed instead of read forever; only a JSON body is read.
 */
async function call(
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: { error?: string } }> {
  const response = await fetch(url, {
    method,
    headers: method === 'GET' ? headers : { ...headers, 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : '{}',
  });
  if (!response.headers.get('content-type')?.includes('application/json')) {
    await response.body?.cancel();
    return { status: response.status, body: {} };
  }
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

describe('the OpenAPI document and the API reference', () => {
  let app: TestApp;
  let document: Document;
  let routes: RouteInputs[];
  /** The document's operation for a route key; a key the document lacks fails here, by name. */
  const operation = (key: string): Operation => {
    const [method, path] = key.split(' ');
    const operations = new Map(Object.entries(document.paths)).get(path.replace(/:(\w+)/g, '{$1}'));
    const found = operations && new Map(Object.entries(operations)).get(method.toLowerCase());
    if (!found) throw new Error(`${key} is not in the document`);
    return found;
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    routes = routeInputs(app.app);
    const response = await request(app.baseUrl)
      .get('/api/openapi.json')
      .expect(200)
      .expect('content-type', /application\/json/);
    document = response.body as Document;
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('is an OpenAPI 3.1 document with paths, components and the error catalog', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({
      title: expect.any(String) as unknown,
      version: expect.any(String) as unknown,
    });
    expect(Object.keys(document.paths).length).toBeGreaterThan(0);
    expect(document.components['x-error-catalog']).toEqual(ERROR_CATALOG);
    const ids = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((candidate) => candidate.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every route the app serves, and no other', () => {
    const served = nestRouteKeys(app.app).sort();
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(documented.sort()).toEqual(served);
    expect(Object.keys(ROUTE_ERRORS).sort()).toEqual(served);
  });

  it('gives every route its access rule, its request schemas and its Idempotency-Key support', () => {
    for (const route of routes) {
      const documented = operation(route.key);
      expect(documented['x-access'], route.key).toEqual(PERMISSION_MATRIX[route.key]);
      for (const name of [...route.key.matchAll(/:(\w+)/g)].map(([, param]) => param)) {
        expect(documented.parameters, `${route.key} path ${name}`).toContainEqual(
          expect.objectContaining({ name, in: 'path', required: true }),
        );
        expect(route.params[name], `${route.key} validates ${name}`).toBeDefined();
      }
      if (route.query instanceof z.ZodObject) {
        const names = documented.parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => parameter.name);
        expect(names.sort(), `${route.key} query`).toEqual(Object.keys(route.query.shape).sort());
      }
      if (route.body)
        expect(
          Object.keys(documented.requestBody?.content['application/json'].schema ?? {}),
          `${route.key} body`,
        ).not.toEqual([]);
      const header = documented.parameters.find(
        (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
      );
      expect(Boolean(header), `${route.key} Idempotency-Key`).toBe(route.idempotencyKey);
      expect(documented['x-idempotency-key'], route.key).toBe(route.idempotencyKey);
    }
  });

  it('takes an Idempotency-Key on every write that is a command', () => {
    const writesWithout = routes
      .filter((route) => UNSAFE(route.key) && !route.idempotencyKey)
      .map((route) => route.key);
    expect(writesWithout.sort()).toEqual([...WRITES_WITHOUT_IDEMPOTENCY_KEY].sort());
  });

  it('lists every route its errors from the catalog, each under its status with the code in the body schema', () => {
    for (const route of routes) {
      const documented = operation(route.key);
      const codes = documented['x-error-codes'];
      expect(codes, route.key).toEqual(expect.arrayContaining(expectedGenericErrors(route)));
      for (const code of codes) {
        expect(ERROR_CODES, `${route.key}: ${code}`).toContain(code);
        const response = documented.responses[String(ERROR_CATALOG[code as ErrorCode].status)];
        expect(response?.content?.['application/json'].schema.properties.error.enum, `${route.key}: ${code}`).toContain(
          code,
        );
      }
    }
  });

  it('documents every error code of the catalog on some route', () => {
    const documented = new Set(routes.flatMap((route) => operation(route.key)['x-error-codes']));
    expect(ERROR_CODES.filter((code) => !documented.has(code) && !NOT_ROUTE_ERRORS.includes(code))).toEqual([]);
  });

  it('answers only errors the document lists, when every route is called anonymously, as a member and as every role', async () => {
    const subject = await signUp(app);
    const venture = await postedTask(app, await signUp(app));
    const everyRole = await signUp(app, {
      roles: ROLES.filter((role) => role !== 'member' && role !== 'system'),
      mfa: true,
    });
    // Records that exist, then ids of none: each reaches different refusals.
    const existing: Record<string, string> = {
      userId: subject.userId,
      role: 'board',
      ventureId: venture.ventureId,
      taskId: venture.taskId,
    };
    const undocumented: string[] = [];
    const answersChecked = new Set<string>();
    // Sign-out ends the caller's session, so it goes last.
    const keys = routes
      .map((route) => route.key)
      .sort((a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    const calls = keys.flatMap((key) =>
      [existing, {}].map((values: Record<string, string>) => ({
        key,
        path: key.split(' ')[1].replace(/:(\w+)/g, (_, name: string) => values[name] ?? randomUUID()),
      })),
    );
    for (const { key, path } of calls) {
      const method = key.split(' ')[0];
      for (const caller of [null, subject, everyRole] as (TestUser | null)[]) {
        const response = await call(app.baseUrl + path, method, caller?.auth ?? {});
        const as = `${key} as ${caller === null ? 'anonymous' : caller === subject ? 'a member' : 'every role'}`;
        if (
          response.status >= 500 ||
          (response.status >= 400 && !operation(key)['x-error-codes'].includes(errorOf(response).error))
        )
          undocumented.push(`${as}: ${response.status} ${errorOf(response).error}`);
        const declared = routes.find((route) => route.key === key)?.response;
        if (declared && 'schema' in declared && response.status < 300) {
          answersChecked.add(key);
          const parsed = declared.schema.safeParse(response.body);
          if (!parsed.success)
            undocumented.push(`${as}: the answer does not match its response schema: ${parsed.error.message}`);
        }
      }
    }
    // Routes that need real records and bodies to succeed (uploads, shares, signatures…) answer in a flow of their own.
    for (const { key, response } of await documentRouteAnswers(app)) {
      const declared = routes.find((route) => route.key === key)?.response;
      if (!declared || response.status >= 300) {
        undocumented.push(`${key} in the documents flow: ${response.status} ${JSON.stringify(response.body)}`);
        continue;
      }
      answersChecked.add(key);
      if (!('schema' in declared)) continue;
      const parsed = declared.schema.safeParse(response.body);
      if (!parsed.success)
        undocumented.push(
          `${key} in the documents flow: the answer does not match its response schema: ${parsed.error.message}`,
        );
    }
    expect(undocumented).toEqual([]);
    // The walk's empty bodies reach few writes; test/e2e/response-schemas.e2e.spec.ts checks a success of every route.
    expect(answersChecked).toContain('GET /api/v1/auth/me');
  });

  it('declares the success of every route: a JSON schema, a stream or page by its media type, or no body (204)', () => {
    const undeclared = routes
      .filter((route) => !route.response && route.successStatus !== 204)
      .map((route) => route.key);
    expect(undeclared).toEqual([]);
    for (const route of routes) {
      const success = operation(route.key).responses[String(route.successStatus)] as {
        content?: Record<string, { schema: object }>;
      };
      if (route.successStatus === 204) expect(success.content, route.key).toBeUndefined();
      else if (route.response && 'schema' in route.response)
        expect(Object.keys(success.content?.['application/json'].schema ?? {}), route.key).not.toEqual([]);
      else expect(Object.keys(success.content ?? {}), route.key).toEqual([route.response?.mediaType]);
    }
    expect(operation('GET /api/v1/live').responses['200']?.content).toHaveProperty('text/event-stream');
    expect(JSON.stringify(operation('GET /api/v1/auth/me').responses['200'])).toContain('"kycStatus"');
  });

  it('serves the document the portal was generated from', async () => {
    const committed = JSON.parse(await readFile(path.join(__dirname, '../..', DOCUMENT_FILE), 'utf8')) as Document;
    expect(document).toEqual(committed);
  });

  it('renders the reference as a static page listing every route, its access and errors, under the security headers', async () => {
    const response = await request(app.baseUrl)
      .get('/api/docs')
      .expect(200)
      .expect('content-type', /text\/html/);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.text).not.toMatch(/<script|<style|style=/i);
    // Route keys hold no character HTML escapes.
    for (const route of routes) expect(response.text, route.key).toContain(`<code>${route.key}</code>`);
    expect(response.text).toContain(
      'roles compliance, admin, with a session verified by the authenticator app; or the user named by :userId',
    );
    for (const code of ERROR_CODES) expect(response.text).toContain(`<code>${code}</code>`);
  });
});
