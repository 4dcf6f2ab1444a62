import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { PERMISSION_MATRIX } from '../../src/identity/access/permission-matrix';
import { loginResponseSchema } from '../../src/identity/http/identity.responses';
import { currentCode, PASSWORD, signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { present } from '../support/present';
import {
  HOSTILE_TEXTS,
  hostileVariants,
  OUT_OF_RANGE_INTEGERS,
  URL_HOSTILE_TEXTS,
  VALID_BODIES,
} from '../support/hostile-input';
import { expressRouteKeys, routesWithBody } from '../support/route-inventory';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { writeSideSnapshot } from '../support/write-side';
import { closeIfStarted } from '../support/teardown';

/**
 * Bad input on every route (issue 7, item 3). For each route of the permission matrix, a
 * fast-check property sends requests that are *certainly invalid* — broken or unknown-keyed
 * bodies, garbage credentials, ids that name nothing — wrapped in random noise: content types,
 * odd and huge headers, bad Idempotency-Key and X-CSRF-Token, query strings, wrong methods.
 * Strings and numbers include hostile ones (test/support/hostile-input.ts): NUL, lone
 * surrogates, control characters and noncharacters in bodies, paths and query strings —
 * among them a valid body with one field made hostile — and integers past int64.
 * Whatever arrives, the answer is never a 5xx, every 4xx is `{ error, message, details }`, and
 * nothing is written: no event, no row in the write-side tables.
 *
 * Whether a request is certainly invalid is decided in `requestsFor` from what it carries; one
 * that is not gets a defect forced on it, so a valid write never slips in. GETs may be valid.
 *
 * FUZZ_RUNS_PER_ROUTE (default 25) and FUZZ_SEED reproduce or widen a run; a failure names the
 * route, the seed and the counterexample path.
 */

const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 25);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

// ---------------------------------------------------------------------------------------------
// Callers

type CallerKind = 'anonymous' | 'bearer' | 'cookie' | 'integration';

interface Caller {
  kind: CallerKind;
  /** Headers that authenticate this caller (none for anonymous). */
  headers: Record<string, string>;
  csrfToken: string | null;
}

// ---------------------------------------------------------------------------------------------
// Routes

interface Route {
  key: string;
  method: string;
  pattern: string;
  params: string[];
  takesBody: boolean;
  isPublic: boolean;
}

function routeOf(key: string, bodyRoutes: Set<string>): Route {
  const [method, pattern] = key.split(' ');
  return {
    key,
    method,
    pattern,
    params: [...pattern.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]),
    takesBody: bodyRoutes.has(key),
    isPublic: PERMISSION_MATRIX[key].access === 'public',
  };
}

// ---------------------------------------------------------------------------------------------
// Generators

/** `arbitrary` in about `percent`% of the runs, null otherwise. */
const sometimes = <T>(arbitrary: fc.Arbitrary<T>, percent: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 100 - percent, arbitrary: fc.constant(null) }, { weight: percent, arbitrary });

/** Header-safe text: Node's client refuses control characters; bytes above 0x7f go out as latin1. */
const headerText = (maxLength: number) =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme-ascii', maxLength }),
      fc
        .string({ unit: 'grapheme', maxLength: Math.min(maxLength, 40) })
        .map((text) => Buffer.from(text, 'utf8').toString('latin1')),
    )
    .map((text) => text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?'));

/** Percent-encodes anything, lone surrogates included (as the invalid UTF-8 they would be). */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return Array.from(text)
      .map((char) => (/^[\ud800-\udfff]$/.test(char) ? '%ED%A0%80' : encodeURIComponent(char)))
      .join('');
  }
}

/** Path segments that must never name anything: sent raw, exactly as written. */
const NASTY_SEGMENTS = [
  '..',
  '.',
  '%00',
  'a%00b',
  '%2e%2e',
  '%2e',
  '%2F',
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%FF%FE',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '%20',
  '+',
  '%0a',
  '%0d%0a',
  ';',
  '~',
  '*',
  '$',
  "'",
  '%27%20or%201%3D1--',
  '%7B%7D',
  '%5B%5D',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  '__proto__',
  'constructor',
  'prototype',
  'sst_x',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
  '00000000-0000-4000-8000-00000000000g',
];

/** `text` with one hostile text inserted somewhere. */
function hostileInText(
  text: fc.Arbitrary<string>,
  hostile: readonly (readonly [string, string])[] = HOSTILE_TEXTS,
): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.nat(), fc.constantFrom(...hostile.map(([, value]) => value)))
    .map(([value, at, inserted]) => {
      const cut = at % (value.length + 1);
      return value.slice(0, cut) + inserted + value.slice(cut);
    });
}

/** A path parameter that names nothing that exists: garbage, unicode, very long, or an unknown UUID. */
const garbageSegment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_SEGMENTS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeSegment) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map(encodeSegment) },
  // Very long, up to 2,500 characters as sent (two of them plus garbage credentials stay under Node's 16 KiB head limit).
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 200, max: 2500 })
      .chain((length) =>
        fc.constantFrom('a', '%C3%A9', '9', '-').map((unit) => unit.repeat(Math.ceil(length / unit.length))),
      ),
  },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fA-F-]{1,40}$/) },
  {
    weight: 2,
    arbitrary: hostileInText(
      fc.oneof(fc.uuid(), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 })),
      URL_HOSTILE_TEXTS,
    ).map(encodeSegment),
  },
);

/** Query strings: known and unknown keys, repeated keys, broken escapes. */
const QUERY_KEYS = [
  'limit',
  'cursor',
  'before',
  'treeSize',
  'from',
  'to',
  'fromRevision',
  'atRevision',
  'at',
  'after',
  'category',
  'prefix',
  'status',
  'lastEventId',
  'x',
];
const queryValue = fc.oneof(
  fc.constantFrom(...NASTY_SEGMENTS),
  fc.string({ maxLength: 20 }).map(encodeSegment),
  fc.integer().map(String),
  fc.constantFrom(...OUT_OF_RANGE_INTEGERS),
  hostileInText(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), URL_HOSTILE_TEXTS).map(encodeSegment),
);
const queryString = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), queryValue), {
      minLength: 1,
      maxLength: 4,
    })
    .map((pairs) => `?${pairs.map(([key, value]) => `${encodeSegment(key)}=${value}`).join('&')}`),
  fc.constantFrom(
    '?',
    '?&&',
    '?limit',
    '?limit=1&limit=2',
    '?limit[]=1',
    '?limit[a]=1',
    '?__proto__[x]=1',
    '?%zz=1',
    '?limit=%00',
    '?limit=99999999999999999999999',
  ),
);

/** Field names the real schemas know, so unknown-keyed bodies also carry plausible neighbours. */
const KNOWN_FIELDS = [
  'email',
  'password',
  'session',
  'refreshToken',
  'code',
  'recoveryCode',
  'role',
  'status',
  'reason',
  'legalName',
  'dateOfBirth',
  'country',
  'documentType',
  'documentNumber',
  'deviceId',
  'diskEncrypted',
  'osUpToDate',
  'screenLock',
  'policy',
  'severity',
  'name',
  'title',
  'tier',
  'kind',
  'note',
  'quality',
  'verdict',
  'comment',
  'helpfulReviewerIds',
  'taskId',
  'ventureId',
  'assigneeId',
  'reviewerIds',
  'acceptedAt',
  'windowId',
  'buz',
  'confirm',
  'vote',
  'throughDay',
  'trustedCheckpoint',
  'opensAt',
  'closesAt',
  'pricePerShare',
];

/** An object with at least one key no schema has: every body schema is strict, so this is a 400. */
const unknownKeyedObject = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom(...KNOWN_FIELDS),
      fc.oneof(fc.jsonValue({ maxDepth: 2 }), hostileInText(fc.string({ maxLength: 20 }))),
      { maxKeys: 5 },
    ),
    fc.oneof(
      fc.constantFrom('x-fuzz', 'isAdmin', 'roles', 'userId', '__proto__', 'constructor', ''),
      fc.string({ maxLength: 10 }).map((suffix) => `x-fuzz-${suffix}`),
    ),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map(([known, unknownKey, value]) => {
    const text = JSON.stringify(known);
    // Spliced in as text so that "__proto__" arrives as an own key, as an attacker would send it.
    const extra = `${JSON.stringify(unknownKey)}:${JSON.stringify(value)}`;
    return text === '{}' ? `{${extra}}` : `${text.slice(0, -1)},${extra}}`;
  });

/** Text that JSON.parse refuses, or JSON that is not an object. Never empty (an empty body reads as {}). */
const notAnObject = fc.oneof(
  fc.constantFrom(
    '{',
    '{"email": ',
    '[1,',
    'nul',
    '{"a":1}}',
    '{"a":1,}',
    "{'a':1}",
    '{"a":"\\u00"}',
    '\u0000',
    '{"__proto__":{"x":1}',
    'NaN',
    '0x10',
    '"unterminated',
  ),
  fc.string({ minLength: 1, maxLength: 60 }).filter((text) => text.trim().length > 0 && !isJsonObject(text)),
  fc
    .jsonValue({ maxDepth: 3 })
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
    .map((value) => JSON.stringify(value)),
  fc.integer({ min: 1000, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  // Over the 1 MB body limit.
  fc.constantFrom(`{"x-fuzz":"${'x'.repeat(1_100_000)}"}`, `[${'1,'.repeat(600_000)}1]`),
);

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Content types the JSON parser takes (or refuses with 415); the body still has to be invalid. */
const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/json; boundary=x',
];
/** Anything else: not parsed at all, parsed as a form, or nonsense. */
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/vnd.api+json',
  'application/octet-stream',
  '*/*',
  ';',
  'json',
  'application/',
  '',
];

type BodyPlan = { contentType: string | null; body: string | null; invalidWhenParsed: boolean };

/** A body whose parsed form is certainly invalid for any strict schema. */
const invalidBody: fc.Arbitrary<BodyPlan> = fc.oneof(
  fc.record({
    contentType: fc.constantFrom(...JSON_TYPES),
    body: fc.oneof(unknownKeyedObject, notAnObject),
    invalidWhenParsed: fc.constant(true),
  }),
  fc.record({
    contentType: fc.constant('application/x-www-form-urlencoded'),
    body: fc.string({ maxLength: 30 }).map((text) => `x-fuzz-unknown=1&${text}`),
    invalidWhenParsed: fc.constant(true),
  }),
);

/** A valid body for the route with one string made hostile or one number out of range: invalid only for that. */
function hostileBody(route: Route): { weight: number; arbitrary: fc.Arbitrary<BodyPlan> }[] {
  const variants = Object.hasOwn(VALID_BODIES, route.key) ? hostileVariants(VALID_BODIES[route.key]) : [];
  if (variants.length === 0) return [];
  return [
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...variants)
        .map((variant) => ({ contentType: 'application/json', body: variant.json, invalidWhenParsed: true })),
    },
  ];
}

/** Noise: any content type with any body, or none; validity not guaranteed. */
const anyBody: fc.Arbitrary<BodyPlan> = fc.oneof(
  invalidBody,
  fc.record({
    contentType: sometimes(fc.oneof(fc.constantFrom(...OTHER_TYPES), headerText(40)), 80),
    body: sometimes(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 2 })), 70),
    invalidWhenParsed: fc.constant(false),
  }),
);

/** Credentials that identify nobody. */
function garbageCredentials(valid: Caller[]): fc.Arbitrary<Record<string, string>> {
  const bearer = present(
    valid.find((caller) => caller.kind === 'bearer'),
    'a bearer caller',
  ).headers.Authorization.slice('Bearer '.length);
  const flip = (token: string, index: number) =>
    token.slice(0, index) + (token[index] === 'A' ? 'B' : 'A') + token.slice(index + 1);
  const part = (text: string) => Buffer.from(text).toString('base64url');
  return fc.oneof(
    fc
      .constantFrom(
        'Bearer',
        'Bearer ',
        'bearer x',
        'Basic dXNlcjpwYXNz',
        'Bearer a.b.c',
        'Bearer ..',
        `bearer ${bearer}`,
        `Bearer ${bearer} extra`,
        `Bearer  ${bearer}`,
        `Bearer ${part('{"alg":"none","typ":"JWT"}')}.${bearer.split('.')[1]}.`,
        `Bearer ${bearer.split('.')[0]}.${part('{"sub":"x","sid":"y","iat":0,"exp":99999999999}')}.${bearer.split('.')[2]}`,
        'Bearer sst_',
        'Bearer sst_00000000-0000-4000-8000-000000000000_aaaaaaaaaaaaaaaaaaaaaaaa',
        'Bearer sst_------------------------------------_aaaaaaaaaaaaaaaaaaaa',
        'Bearer sst_ffffffffffffffffffffffffffffffffffff_aaaaaaaaaaaaaaaaaaaa',
      )
      .map((Authorization) => ({ Authorization })),
    fc.nat({ max: bearer.length - 1 }).map((index) => ({ Authorization: `Bearer ${flip(bearer, index)}` })),
    fc
      .stringMatching(/^[0-9a-f-]{36}$/)
      .chain((id) =>
        fc.stringMatching(/^[A-Za-z0-9_-]{20,40}$/).map((secret) => ({ Authorization: `Bearer sst_${id}_${secret}` })),
      ),
    headerText(200).map((text) => ({ Authorization: `Bearer ${text}` })),
    headerText(200).map((text) => ({ Authorization: text })),
    fc.integer({ min: 1000, max: 6000 }).map((length) => ({ Authorization: `Bearer ${'x'.repeat(length)}` })),
    headerText(200).map((text) => ({ Cookie: `ss_access=${text}` })),
    fc
      .constantFrom(
        'ss_access=%zz',
        'ss_access=',
        'ss_access',
        '=;;=',
        `ss_access=${flip(bearer, 10)}`,
        `ss_access=${bearer}`,
      )
      .map((Cookie) => ({ Cookie })),
  );
}

interface FuzzRequest {
  route: Route;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: string | null;
  /** What the request carries that makes it invalid (for the report). */
  defects: string[];
}

function requestsFor(route: Route, callers: Caller[], realIds: Record<string, string>): fc.Arbitrary<FuzzRequest> {
  const valid = callers.filter((caller) => caller.kind !== 'anonymous');
  const anyParam = (name: string) =>
    realIds[name]
      ? fc.oneof(
          { weight: 1, arbitrary: fc.constant({ real: true, text: realIds[name] }) },
          { weight: 3, arbitrary: garbageSegment.map((text) => ({ real: false, text })) },
        )
      : garbageSegment.map((text) => ({ real: false, text }));
  return fc
    .record({
      caller: fc.constantFrom(...callers),
      credentials: sometimes(garbageCredentials(valid), 25),
      params: fc.tuple(...route.params.map(anyParam)),
      query: queryString,
      body: route.takesBody
        ? fc.oneof({ weight: 3, arbitrary: invalidBody }, { weight: 1, arbitrary: anyBody }, ...hostileBody(route))
        : anyBody,
      wrongMethod: sometimes(fc.constantFrom('PUT', 'PATCH', 'DELETE', 'POST', 'GET'), 10),
      csrf: sometimes(fc.oneof(headerText(60), fc.constantFrom('', 'null', 'x'.repeat(43))), 30),
      idempotencyKey: sometimes(
        fc.oneof(
          headerText(120),
          fc.constantFrom('', 'short', 'has space inside', 'ok-key-12345678', 'a'.repeat(101)),
          fc.array(fc.constantFrom('key-00000001', 'key-00000002'), { minLength: 2, maxLength: 2 }),
        ),
        40,
      ),
      requestId: sometimes(headerText(100), 30),
      filler: sometimes(fc.integer({ min: 1000, max: 12_000 }), 15),
      extraHeaders: fc.dictionary(
        fc.constantFrom(
          'x-forwarded-for',
          'accept',
          'content-encoding',
          'content-language',
          'accept-encoding',
          'origin',
          'x-http-method-override',
          'transfer-encoding-x',
          'expect-x',
          'if-none-match',
          'range',
        ),
        headerText(60),
        { maxKeys: 3 },
      ),
    })
    .map((plan): FuzzRequest => {
      const headers: Record<string, string | string[]> = { ...plan.extraHeaders };
      const defects: string[] = [];
      // Another method on the same path, but never one that is a route of its own.
      const method =
        plan.wrongMethod && !Object.hasOwn(PERMISSION_MATRIX, `${plan.wrongMethod} ${route.pattern}`)
          ? plan.wrongMethod
          : route.method;
      if (method !== route.method) defects.push(`method ${method}`);
      // Credentials: the caller's own, or garbage in their place.
      let credentialsBad = plan.caller.kind === 'anonymous';
      if (plan.credentials) {
        Object.assign(headers, plan.credentials);
        credentialsBad = true;
        defects.push('garbage credentials');
      } else {
        Object.assign(headers, plan.caller.headers);
      }
      const unsafe = method !== 'GET';
      if (plan.csrf !== null) headers['X-CSRF-Token'] = plan.csrf;
      else if (plan.caller.csrfToken) headers['X-CSRF-Token'] = plan.caller.csrfToken;
      if (
        plan.caller.kind === 'cookie' &&
        !plan.credentials &&
        unsafe &&
        plan.csrf !== null &&
        plan.csrf !== plan.caller.csrfToken
      ) {
        credentialsBad = true;
        defects.push('wrong CSRF token');
      }
      if (plan.idempotencyKey !== null) headers['Idempotency-Key'] = plan.idempotencyKey;
      if (plan.requestId !== null) headers['X-Request-Id'] = plan.requestId;
      let path = route.pattern;
      route.params.forEach((name, index) => (path = path.replace(`:${name}`, plan.params[index].text)));
      // A huge header, but the whole head stays under Node's 16 KiB limit (beyond it Node itself
      // answers 431 before the app runs; the last test below shows that once).
      const headSize =
        path.length +
        plan.query.length +
        Object.entries(headers).reduce((sum, [name, value]) => sum + name.length + String(value).length + 4, 0);
      if (plan.filler !== null)
        headers['X-Fuzz-Filler'] = 'f'.repeat(Math.max(0, Math.min(plan.filler, 14_000 - headSize)));
      const paramsBad = route.params.length > 0 && plan.params.some((param) => !param.real);
      if (paramsBad) defects.push('ids that name nothing');
      let { contentType, body } = plan.body;
      let bodyBad = route.takesBody && plan.body.invalidWhenParsed;
      if (bodyBad) defects.push('invalid body');
      // Public routes that take a body refuse a missing one; unparsed content types leave it missing.
      if (route.takesBody && route.isPublic && !plan.body.invalidWhenParsed && !isParsedType(contentType)) {
        bodyBad = true;
        defects.push('no parsable body');
      }
      const invalid =
        method !== route.method ||
        method === 'GET' ||
        (!route.isPublic && credentialsBad) ||
        paramsBad ||
        bodyBad ||
        (route.key === 'POST /api/v1/auth/logout' && credentialsBad);
      if (!invalid) {
        // Nothing above is certain to refuse this request: force a defect that is.
        if (route.takesBody) {
          contentType = 'application/json';
          body = '{"x-fuzz-forced":true}';
          defects.push('invalid body (forced)');
        } else {
          delete headers.Cookie;
          headers.Authorization = 'Bearer forced.garbage.token';
          defects.push('garbage credentials (forced)');
        }
      }
      if (contentType !== null) headers['Content-Type'] = contentType;
      return { route, method, path: path + plan.query, headers, body, defects };
    });
}

function isParsedType(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0].trim().toLowerCase();
  return type === 'application/json' || type === 'application/x-www-form-urlencoded';
}

// ---------------------------------------------------------------------------------------------
// A raw HTTP client: paths go out exactly as generated ('..', '%00' and all), which fetch and
// supertest would normalise or refuse.

interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

function send(baseUrl: string, fuzz: FuzzRequest): Promise<RawResponse | { clientRefused: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let outgoing;
    try {
      const body = fuzz.body === null ? null : Buffer.from(fuzz.body, 'utf8');
      outgoing = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: fuzz.method,
          path: fuzz.path,
          agent,
          headers: { ...fuzz.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              contentType: response.headers['content-type'] ?? '',
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body ?? undefined);
    } catch (error) {
      // Node's client refused to send it (a header value it will not put on the wire): not a server answer.
      resolve({ clientRefused: (error as Error).message });
    }
  });
}

function describeRequest(fuzz: FuzzRequest): string {
  const headers = Object.fromEntries(
    Object.entries(fuzz.headers).map(([name, value]) => [
      name,
      String(value).length > 120 ? `${String(value).slice(0, 120)}…(${String(value).length} chars)` : value,
    ]),
  );
  const body =
    fuzz.body && fuzz.body.length > 200 ? `${fuzz.body.slice(0, 200)}…(${fuzz.body.length} chars)` : fuzz.body;
  return JSON.stringify({
    route: fuzz.route.key,
    method: fuzz.method,
    path: fuzz.path.length > 200 ? `${fuzz.path.slice(0, 200)}…` : fuzz.path,
    headers,
    body,
    defects: fuzz.defects,
  });
}

// ---------------------------------------------------------------------------------------------

describe('bad input on every route (fast-check)', () => {
  let app: TestApp;
  let routes: Route[];
  const callers: Caller[] = [];
  const realIds: Record<string, string> = {};
  let user: TestUser;
  const tally = { requests: 0, refusedByClient: 0, byStatus: new Map<number, number>() };

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    // One account with every role and a TOTP-verified session, so requests get past the guard
    // and reach validation; then the same account over a cookie session, and a system token.
    user = await signUp(app, { roles: ['admin', 'compliance', 'board', 'auditor', 'system'], mfa: true });
    const cookieLogin = await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD, session: 'cookie' })
      .expect(200);
    const cookies = (cookieLogin.headers['set-cookie'] as unknown as string[])
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const { csrfToken } = json(cookieLogin, loginResponseSchema.options[0]);
    // One step ahead: the enrolment used the current step's code, and each code is accepted once.
    await request(app.baseUrl)
      .post('/api/v1/auth/mfa/verify')
      .set('Cookie', cookies)
      .set('X-CSRF-Token', csrfToken)
      .send({ code: currentCode(present(user.totpSecret, 'the TOTP secret of an MFA sign-up'), 1) })
      .expect(204);
    const integration = await createApiToken(app.database.knex, 'fuzz', 'system');
    callers.push(
      { kind: 'anonymous', headers: {}, csrfToken: null },
      { kind: 'bearer', headers: user.auth, csrfToken: null },
      { kind: 'cookie', headers: { Cookie: cookies }, csrfToken },
      { kind: 'integration', headers: { Authorization: `Bearer ${integration.token}` }, csrfToken: null },
    );
    const task = await postedTask(app, user);
    Object.assign(realIds, { userId: user.userId, ventureId: task.ventureId, taskId: task.taskId });
    const bodyRoutes = new Set(routesWithBody(app.app));
    routes = expressRouteKeys(app.app)
      .sort()
      .map((key) => routeOf(key, bodyRoutes));
    await app.waitForProjections();
  });

  afterAll(async () => {
    agent.destroy();
    await closeIfStarted(app);
    if (tally.requests > 0) {
      const statuses = [...tally.byStatus]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ');
      console.log(
        `fuzz: ${tally.requests} requests over ${routes.length} routes; answers ${statuses}; ${tally.refusedByClient} not sent (Node's client refused a header)`,
      );
    }
  });

  const writeSide = () => writeSideSnapshot(app);

  it('covers every route of the permission matrix, and the matrix covers every route', () => {
    expect(routes.map((route) => route.key)).toEqual(Object.keys(PERMISSION_MATRIX).sort());
  });

  it('never answers 5xx, answers every 4xx as { error, message, details }, and writes nothing', async () => {
    const before = await writeSide();
    const failures: string[] = [];
    for (const route of routes) {
      const property = fc.asyncProperty(requestsFor(route, callers, realIds), async (fuzz) => {
        const response = await send(app.baseUrl, fuzz);
        if ('clientRefused' in response) {
          tally.refusedByClient += 1;
          return;
        }
        tally.requests += 1;
        tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
        const context = `${describeRequest(fuzz)}\n→ ${response.status} ${response.contentType} ${response.text.slice(0, 300)}`;
        if (response.status >= 500) throw new Error(`5xx: ${context}`);
        if (response.status >= 400) {
          if (!response.contentType.startsWith('application/json')) throw new Error(`4xx without JSON: ${context}`);
          const body = JSON.parse(response.text) as Record<string, unknown>;
          const shaped =
            Object.keys(body).sort().join(',') === 'details,error,message' &&
            typeof body.error === 'string' &&
            typeof body.message === 'string' &&
            typeof body.details === 'object' &&
            body.details !== null;
          if (!shaped) throw new Error(`4xx not shaped { error, message, details }: ${context}`);
        } else if (fuzz.method !== 'GET' && fuzz.route.key !== 'POST /api/v1/auth/logout') {
          // (Sign-out is best effort: 204 whether or not the credentials named a session.)
          throw new Error(`an invalid write was accepted: ${context}`);
        }
      });
      const routeBefore = await writeSide();
      const result = await fc.check(property, { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: false });
      if (result.failed)
        failures.push(
          `${route.key} (seed ${result.seed}, path ${result.counterexamplePath}):\n  ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}`,
        );
      const routeAfter = await writeSide();
      const changed = Object.keys(routeAfter).filter(
        (table) => JSON.stringify(routeAfter[table]) !== JSON.stringify(routeBefore[table]),
      );
      if (changed.length > 0) {
        failures.push(
          `${route.key} wrote (seed ${result.seed}): ${changed.map((table) => `${table}: ${JSON.stringify(routeBefore[table])} → ${JSON.stringify(routeAfter[table])}`).join('; ')}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(await writeSide()).toEqual(before);
  });

  it("refuses headers beyond Node's 16 KiB limit with 431 before the app sees them", async () => {
    const response = await send(app.baseUrl, {
      route: routes[0],
      method: 'GET',
      path: '/api/v1/ledger/status',
      headers: { 'X-Fuzz-Filler': 'f'.repeat(20_000) },
      body: null,
      defects: [],
    });
    expect(response).toMatchObject({ status: 431 });
  });
});
