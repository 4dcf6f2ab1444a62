import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { BEFORE_MFA_ROUTES, PERMISSION_MATRIX, type AccessRule } from '../../src/identity/access/permission-matrix';
import { ROLES, type Role } from '../../src/identity/domain/roles.contract';
import { signIn, signUp, type TestUser } from '../support/identity';
import { expressRouteKeys, nestRouteKeys, routeInputs } from '../support/route-inventory';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';
import { z } from 'zod';

interface Caller {
  name: string;
  headers: Record<string, string>;
  userId: string | null;
  roles: Role[];
  mfaVerified: boolean;
  mfaEnabled: boolean;
}

/** What the matrix promises for this caller, stated from the rule alone. */
function expectedAccess(
  key: string,
  rule: AccessRule,
  caller: Caller | null,
  subjectId: string,
): 'allowed' | 'unauthenticated' | 'forbidden' {
  if (rule.access === 'public') return 'allowed';
  if (!caller) return 'unauthenticated';
  if (caller.mfaEnabled && !caller.mfaVerified && !BEFORE_MFA_ROUTES.has(key)) return 'forbidden';
  if (rule.access === 'authenticated') return 'allowed';
  if (rule.owner && caller.userId === subjectId) return 'allowed';
  const hasRole = caller.roles.some((role) => rule.roles.includes(role));
  return hasRole && (!rule.mfa || caller.mfaVerified) ? 'allowed' : 'forbidden';
}

/** Guard verdicts, told apart from a handler's own 4xx (e.g. a 400 for the empty body we send). */
/** The fields of a refusal; any other answer (a success's body, a 404's) reads as neither. */
const refusalSchema = z.object({ error: z.string().optional(), message: z.string().optional() });

function observedAccess(status: number, answer: unknown): 'allowed' | 'unauthenticated' | 'forbidden' {
  const parsed = refusalSchema.safeParse(answer);
  const body = parsed.success ? parsed.data : {};
  if (status === 401 && body.error === 'UNAUTHENTICATED' && body.message === 'Sign in first') return 'unauthenticated';
  if (status === 403 && (body.error === 'FORBIDDEN' || body.error === 'MFA_REQUIRED')) return 'forbidden';
  return 'allowed';
}

describe('the permission matrix, walked over HTTP', () => {
  let app: TestApp;
  let subject: TestUser;
  let venture: { ventureId: string; taskId: string };
  const callers: Caller[] = [];

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    subject = await signUp(app);
    venture = await postedTask(app, await signUp(app));
    const asCaller = (name: string, user: TestUser, roles: Role[], mfaVerified: boolean): Caller => ({
      name,
      headers: user.auth,
      userId: user.userId,
      roles,
      mfaVerified,
      mfaEnabled: user.totpSecret !== null,
    });
    callers.push(asCaller('the subject member', subject, ['member'], false));
    callers.push(asCaller('another member', await signUp(app), ['member'], false));
    for (const role of ROLES.filter((candidate) => candidate !== 'member' && candidate !== 'system')) {
      const verified = await signUp(app, { roles: [role], mfa: true });
      callers.push(asCaller(`${role} (MFA verified)`, verified, ['member', role], true));
      const unverified = { ...(await signIn(app, verified.email, verified.userId)), totpSecret: verified.totpSecret };
      callers.push(asCaller(`${role} (not MFA verified)`, unverified, ['member', role], false));
    }
    const integration = await createApiToken(app.database.knex, 'matrix-walk', 'system');
    callers.push({
      name: 'system integration',
      headers: { Authorization: `Bearer ${integration.token}` },
      userId: null,
      roles: ['system'],
      mfaVerified: false,
      mfaEnabled: false,
    });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('has exactly one rule for every route Express serves, and no rule for a route that does not exist', () => {
    const served = expressRouteKeys(app.app).sort();
    expect(nestRouteKeys(app.app).sort()).toEqual(served);
    expect(served.filter((key) => !Object.hasOwn(PERMISSION_MATRIX, key))).toEqual([]);
    expect(Object.keys(PERMISSION_MATRIX).filter((key) => !served.includes(key))).toEqual([]);
  });

  it('gives every caller exactly the access the matrix declares, on every route', async () => {
    // Sign-out ends the caller's session, so it goes last.
    const keys = Object.keys(PERMISSION_MATRIX).sort(
      (a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')),
    );
    const mismatches: string[] = [];
    // Upload routes take multipart only: a JSON body would be refused (415) before the guard looks at the caller.
    const multipart = new Set(
      routeInputs(app.app)
        .filter((route) => route.multipart)
        .map((route) => route.key),
    );
    for (const key of keys) {
      const [method, pattern] = key.split(' ');
      const path = pattern
        .replace(':userId', subject.userId)
        .replace(':role', 'board')
        .replace(':ventureId', venture.ventureId)
        .replace(':taskId', venture.taskId);
      for (const caller of [null, ...callers]) {
        const call = request(app.baseUrl)
          [method.toLowerCase() as 'get'](path)
          .set(caller?.headers ?? {});
        const response =
          method === 'GET' ? await call : multipart.has(key) ? await call.field('walk', 'yes') : await call.send({});
        const expected = expectedAccess(key, PERMISSION_MATRIX[key], caller, subject.userId);
        const observed = observedAccess(response.status, response.body);
        if (observed !== expected)
          mismatches.push(
            `${key} as ${caller?.name ?? 'anonymous'}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });
});
