import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCount, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

/**
 * Commands that name another person by a path id: an id without an account is refused as not
 * found, naming it, before anything is written (the body-named people of a task acceptance are
 * a 422, in earning.e2e).
 */
describe('identity commands about someone who does not exist', () => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('refuses role grants and revocations, KYC decisions and policy violations with 404 USER_NOT_FOUND, and writes nothing', async () => {
    const nobody = randomUUID();
    const before = await eventCount(app);
    const api = () => request(app.baseUrl);
    const refusals = [
      await api().post(`/api/v1/admin/users/${nobody}/roles`).set(admin.auth).send({ role: 'board' }),
      await api().delete(`/api/v1/admin/users/${nobody}/roles/board`).set(admin.auth),
      await api().post(`/api/v1/kyc/${nobody}/decision`).set(admin.auth).send({ status: 'PASSED', reason: 'checked' }),
      await api()
        .post(`/api/v1/users/${nobody}/policy-violations`)
        .set(admin.auth)
        .send({ policy: 'UNLOCKED_PHONE', severity: 'MEDIUM' }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(404);
      expect(refused.body).toEqual({
        error: 'USER_NOT_FOUND',
        message: `No user ${nobody}`,
        details: { userId: nobody },
      });
    }
    expect(await app.store.readStream(`user-${nobody}`)).toEqual([]);
    expect(await eventCount(app)).toBe(before);
  });
});
