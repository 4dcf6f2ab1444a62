import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_MATRIX } from '../../src/identity/access/permission-matrix';
import { eventCount, signUp, type TestUser } from '../support/identity';
import { routesWithBody } from '../support/route-inventory';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';
import { errorOf } from '../support/json';

const MALFORMED: [string, string | object][] = [
  ['broken JSON', '{"email": '],
  ['a JSON array', []],
  ['a JSON string', '"hello"'],
  ['an unknown field only', { surprise: true }],
  [
    'wrong types everywhere',
    { email: 42, password: false, role: [], status: 1, code: 123456, deviceId: null, reason: {} },
  ],
  ['a huge string', { email: 'x'.repeat(20_000), legalName: 'y'.repeat(20_000) }],
];

/** Every endpoint that takes a body answers malformed bodies with a clear 400 and writes nothing. */
describe('malformed bodies on every JSON endpoint', () => {
  let app: TestApp;
  let caller: TestUser;
  let bodyRoutes: string[];

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    // Holds every role and a verified session, so the guard lets each request reach validation.
    caller = await signUp(app, { roles: ['admin', 'compliance', 'board', 'auditor', 'system'], mfa: true });
    bodyRoutes = routesWithBody(app.app);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('knows which routes take a body', () => {
    expect(bodyRoutes).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/register', 'POST /api/v1/kyc', 'POST /api/v1/devices/posture']),
    );
    expect(bodyRoutes.every((key) => Object.hasOwn(PERMISSION_MATRIX, key))).toBe(true);
  });

  it.each(MALFORMED)('%s → 400 with { error, message, details } everywhere, and no event written', async (_, body) => {
    const before = await eventCount(app);
    for (const key of bodyRoutes) {
      const [method, pattern] = key.split(' ');
      const path = pattern.replace(':userId', caller.userId).replace(':role', 'board');
      const call = request(app.baseUrl)
        [method.toLowerCase() as 'post'](path)
        .set(caller.auth)
        .set('content-type', 'application/json');
      const response = await call.send(typeof body === 'string' ? body : JSON.stringify(body));
      expect({ key, status: response.status }).toEqual({ key, status: 400 });
      // errorOf parses the body as exactly { error, message, details }.
      expect(errorOf(response).message.length).toBeGreaterThan(5);
    }
    expect(await eventCount(app)).toBe(before);
  });

  it('refuses a bad path parameter with 400 before anything runs', async () => {
    const response = await request(app.baseUrl)
      .post('/api/v1/admin/users/not-a-uuid/roles')
      .set(caller.auth)
      .send({ role: 'board' })
      .expect(400);
    expect(errorOf(response).message).toContain('userId must be a UUID');
  });
});
