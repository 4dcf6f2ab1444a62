import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { streamEventsSchema } from '../../src/audit/http/audit.responses';
import { idempotencyKeySchema } from '../../src/identity/access/current-principal.decorator';
import { SAFE_TEXT_CHECK } from '../../src/platform/http/safe-text';
import { ventureCreatedSchema, ventureWithTasksSchema } from '../../src/ventures/http/ventures.responses';
import {
  hostileVariants,
  INT64_MAX,
  inUrl,
  OUT_OF_RANGE_INTEGERS,
  schemasIn,
  URL_HOSTILE_TEXTS,
  VALID_BODIES,
} from '../support/hostile-input';
import { signUp, type TestUser } from '../support/identity';
import { routeInputs, type RouteInputs } from '../support/route-inventory';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { writeSideSnapshot } from '../support/write-side';
import { errorBodySchema, errorOf, json } from '../support/json';
import { present } from '../support/present';
import { closeIfStarted } from '../support/teardown';

/**
 * Hostile text and numbers on every route (issue #11 item 3, issue #12 item 7): NUL, lone
 * surrogates, control characters and noncharacters in every string a route reads — body field,
 * path parameter, query parameter — and integers past int64 in every integer query parameter.
 * Each answer is a 400 `{ error, message, details }`, never a 500 and never a write.
 */

/** Query parameters that are integers (revisions, sizes, cursors); every other one is text. */
const INTEGER_QUERY_KEYS = [
  'limit',
  'cursor',
  'before',
  'treeSize',
  'from',
  'to',
  'fromRevision',
  'atRevision',
  'version',
];
// windowId and buz: the conversion preview's query (a UUID, and BUZ as a string of digits);
// eventId, streamId and type: the auditors' event search; documentId and state: the signature lists;
// status: the endorsement-ring flags (open, reviewed or all).
const TEXT_QUERY_KEYS = [
  'after',
  'category',
  'at',
  'lastEventId',
  'ids',
  'windowId',
  'buz',
  'eventId',
  'streamId',
  'type',
  'documentId',
  'state',
  'status',
];

describe('hostile text and numbers on every route', () => {
  let app: TestApp;
  let caller: TestUser;
  let routes: RouteInputs[];
  /** A well-formed value for every path parameter, so a refusal can only be for what a test put elsewhere. */
  let validParams: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    // Holds every role and a verified session, so the guard lets each request reach validation.
    caller = await signUp(app, { roles: ['admin', 'compliance', 'board', 'auditor', 'system'], mfa: true });
    const task = await postedTask(app, caller);
    validParams = {
      userId: caller.userId,
      role: 'board',
      ventureId: task.ventureId,
      taskId: task.taskId,
      windowId: randomUUID(),
      conversionId: randomUUID(),
      job: 'integrity-check',
      eventId: randomUUID(),
      id: randomUUID(),
      streamId: `user-${caller.userId}`,
      category: 'user',
      code: 'MENTOR',
      skillSlug: 'typescript',
      credentialId: randomUUID(),
      listId: '1',
      hash: 'ab'.repeat(32),
      documentId: randomUUID(),
      shareId: randomUUID(),
      clientId: randomUUID(),
      holdId: randomUUID(),
      requestId: randomUUID(),
      sessionId: randomUUID(),
      tokenId: randomUUID(),
      keyId: 'ab'.repeat(32),
      sha256: 'cd'.repeat(32),
      notificationId: randomUUID(),
      flagId: randomUUID(),
    };
    routes = routeInputs(app.app);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const pathOf = (key: string, params: Record<string, string>) =>
    key.split(' ')[1].replace(/:([A-Za-z]+)/g, (_, name: string) => params[name]);

  /** Sends the requests one by one and returns `key → status` of every answer that is not a shaped 400, plus what was written. */
  async function refusals(
    requests: { label: string; send: () => request.Test }[],
  ): Promise<{ notRefused: string[]; written: boolean }> {
    const before = await writeSideSnapshot(app);
    const notRefused: string[] = [];
    for (const { label, send } of requests) {
      const response = await send();
      const answer = errorBodySchema.safeParse(response.body);
      const shaped = answer.success && answer.data.error === 'VALIDATION_FAILED';
      if (response.status !== 400 || !shaped)
        notRefused.push(`${label} → ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    }
    return { notRefused, written: JSON.stringify(await writeSideSnapshot(app)) !== JSON.stringify(before) };
  }

  it('has a valid body for every route that takes one', () => {
    const bodyRoutes = routes.filter((route) => route.body);
    expect(bodyRoutes.map((route) => route.key).sort()).toEqual(Object.keys(VALID_BODIES).sort());
    for (const route of bodyRoutes)
      expect({
        route: route.key,
        parsed: present(route.body, `the body schema of ${route.key}`).safeParse(VALID_BODIES[route.key]).error?.issues,
      }).toEqual({
        route: route.key,
        parsed: undefined,
      });
  });

  it('validates every body, query string and path parameter with a zod schema', () => {
    expect(
      routes
        .filter((route) => route.unvalidated.length > 0)
        .map((route) => `${route.key}: ${route.unvalidated.join(', ')}`),
    ).toEqual([]);
  });

  it('builds every request string with safeText(): no plain z.string() in any body, query, path or header schema', () => {
    const schemas: [string, z.ZodType][] = [['Idempotency-Key header', idempotencyKeySchema]];
    for (const route of routes) {
      if (route.body) schemas.push([`${route.key} body`, route.body]);
      if (route.query) schemas.push([`${route.key} query`, route.query]);
      for (const [name, schema] of Object.entries(route.params)) schemas.push([`${route.key} :${name}`, schema]);
    }
    const plain = schemas.flatMap(([where, schema]) =>
      [...schemasIn(schema)]
        .map((node) => node._zod.def as unknown as { type: string; format?: string; checks?: unknown[] })
        // A string format (uuid, email, ISO date…) admits only ASCII by its own pattern.
        .filter((def) => def.type === 'string' && !def.format && !def.checks?.includes(SAFE_TEXT_CHECK))
        .map(() => where),
    );
    expect(plain).toEqual([]);
  });

  it('refuses each hostile text in every string of every body, and out-of-range integers in every number (400, nothing written)', async () => {
    const requests = Object.entries(VALID_BODIES).flatMap(([key, body]) =>
      hostileVariants(body).map((variant) => ({
        label: `${key} ${variant.field} with ${variant.hostile}`,
        send: () =>
          request(app.baseUrl)
            [key.split(' ')[0].toLowerCase() as 'post'](pathOf(key, validParams))
            .set(caller.auth)
            .set('content-type', 'application/json')
            .send(variant.json),
      })),
    );
    expect(requests.length).toBeGreaterThan(300);
    expect(await refusals(requests)).toEqual({ notRefused: [], written: false });
  });

  it('refuses each hostile text in every path parameter (400, nothing written)', async () => {
    const requests = routes.flatMap((route) =>
      Object.keys(route.params).flatMap((name) =>
        URL_HOSTILE_TEXTS.map(([hostile, text]) => {
          const path = pathOf(route.key, {
            ...validParams,
            [name]: `${validParams[name].slice(0, 1)}${inUrl(text)}${validParams[name].slice(1)}`,
          });
          const method = route.key.split(' ')[0].toLowerCase() as 'get';
          // An upload route takes multipart only (a JSON body is 415 before any validation).
          const send = () =>
            route.multipart
              ? request(app.baseUrl).post(path).set(caller.auth).field('walk', 'yes')
              : request(app.baseUrl)[method](path).set(caller.auth).send(VALID_BODIES[route.key]);
          return { label: `${route.key} :${name} with ${hostile}`, send };
        }),
      ),
    );
    expect(requests.length).toBeGreaterThan(100);
    expect(await refusals(requests)).toEqual({ notRefused: [], written: false });
  });

  it('refuses each hostile text in every query parameter and out-of-range integers in every integer one (400, nothing written)', async () => {
    const requests = routes.flatMap((route) => {
      const keys = queryKeysOf(route);
      expect(keys.filter((key) => !INTEGER_QUERY_KEYS.includes(key) && !TEXT_QUERY_KEYS.includes(key))).toEqual([]);
      const path = pathOf(route.key, validParams);
      const get = (query: string) => () => request(app.baseUrl).get(`${path}?${query}`).set(caller.auth);
      return keys.flatMap((key) => [
        ...URL_HOSTILE_TEXTS.map(([hostile, text]) => ({
          label: `${route.key} ?${key} with ${hostile}`,
          send: get(`${key}=1${inUrl(text)}`),
        })),
        ...(INTEGER_QUERY_KEYS.includes(key)
          ? OUT_OF_RANGE_INTEGERS.map((integer) => ({
              label: `${route.key} ?${key}=${integer}`,
              send: get(`${key}=${integer}`),
            }))
          : []),
      ]);
    });
    expect(requests.length).toBeGreaterThan(80);
    expect(await refusals(requests)).toEqual({ notRefused: [], written: false });
  });

  it('still takes revisions up to the largest int64', async () => {
    const stream = `/api/v1/audit/streams/user-${caller.userId}`;
    const page = await request(app.baseUrl).get(`${stream}?fromRevision=${INT64_MAX}`).set(caller.auth).expect(200);
    expect(json(page, streamEventsSchema).events).toEqual([]);
    await request(app.baseUrl).get(`/api/v1/audit/checkpoints?before=${INT64_MAX}`).set(caller.auth).expect(200);
    // Past the stream's head, which is a different refusal from a malformed revision.
    const replay = await request(app.baseUrl)
      .get(`/api/v1/audit/replay/user-${caller.userId}?atRevision=${INT64_MAX}`)
      .set(caller.auth)
      .expect(404);
    expect(errorOf(replay).error).toBe('REVISION_NOT_FOUND');
  });

  it('keeps tabs, line breaks and any well-formed Unicode in free text', async () => {
    const name = 'Café\tNord\r\n😀 Ωμέγα';
    const created = await request(app.baseUrl).post('/api/v1/ventures').set(caller.auth).send({ name }).expect(201);
    await app.waitForProjections();
    const venture = await request(app.baseUrl)
      .get(`/api/v1/ventures/${json(created, ventureCreatedSchema).ventureId}`)
      .set(caller.auth)
      .expect(200);
    expect(json(venture, ventureWithTasksSchema).name).toBe(name.trim());
  });

  it('names the character and the field in the message', async () => {
    const response = await request(app.baseUrl)
      .post('/api/v1/ventures')
      .set(caller.auth)
      .set('content-type', 'application/json')
      .send('{"name":"a\\u0000b"}')
      .expect(400);
    expect(errorOf(response).message).toContain('name: contains U+0000 (a control character) at index 1');
  });
});

/** The keys of a route's query object, or none. */
function queryKeysOf(route: RouteInputs): string[] {
  if (!route.query) return [];
  const object = [...schemasIn(route.query)].find((node) => node._zod.def.type === 'object');
  return Object.keys((object?._zod.def as unknown as { shape?: object } | undefined)?.shape ?? {});
}
