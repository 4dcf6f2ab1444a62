import { createHmac } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { signAccessToken } from '../../src/platform/auth/access-token';
import { signUp, type TestUser } from '../support/identity';
import { TEST_ENV, startTestApp, type TestApp } from '../support/test-app';
import { errorOf } from '../support/json';
import { stringContaining } from '../support/matchers';
import { closeIfStarted } from '../support/teardown';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('access tokens are verified before anything is trusted', () => {
  let app: TestApp;
  let user: TestUser;
  let sessionId: string;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    user = await signUp(app);
    const claims = z.object({ sid: z.string() });
    sessionId = claims.parse(JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString())).sid;
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const me = (token: string) => request(app.baseUrl).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  it('accepts the genuine token', async () => {
    await me(user.accessToken).expect(200);
  });

  it('rejects a token signed with another key', async () => {
    const forged = await signAccessToken(
      { sub: user.userId, sid: sessionId, iat: now(), exp: now() + 600 },
      'some-other-key-some-other-key-some-other',
    );
    const response = await me(forged).expect(401);
    expect(response.body).toMatchObject({ error: 'INVALID_TOKEN', message: stringContaining('bad signature') });
  });

  it('rejects alg "none" with no signature', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: user.userId, sid: sessionId, iat: now(), exp: now() + 600 })}.`;
    expect(errorOf(await me(unsigned).expect(401)).error).toBe('INVALID_TOKEN');
  });

  it('rejects a header that names another algorithm even when signed with our key', async () => {
    const header = b64({ alg: 'HS512', typ: 'JWT' });
    const payload = b64({ sub: user.userId, sid: sessionId, iat: now(), exp: now() + 600 });
    const signature = createHmac('sha256', TEST_ENV.AUTH_TOKEN_SECRET)
      .update(`${header}.${payload}`)
      .digest('base64url');
    await me(`${header}.${payload}.${signature}`).expect(401);
  });

  it('rejects an expired token', async () => {
    const expired = await signAccessToken(
      { sub: user.userId, sid: sessionId, iat: now() - 1000, exp: now() - 1 },
      TEST_ENV.AUTH_TOKEN_SECRET,
    );
    expect(errorOf(await me(expired).expect(401)).message).toContain('expired');
  });

  it('rejects a validly signed token for a session that does not exist', async () => {
    const orphan = await signAccessToken(
      { sub: user.userId, sid: '00000000-0000-4000-8000-000000000000', iat: now(), exp: now() + 600 },
      TEST_ENV.AUTH_TOKEN_SECRET,
    );
    await me(orphan).expect(401);
  });

  it.each(['Basic abc', 'Bearer', 'Bearer a.b', 'Bearer sst_nope'])(
    'rejects the Authorization header "%s" with 401',
    async (header) => {
      await request(app.baseUrl).get('/api/v1/auth/me').set('Authorization', header).expect(401);
    },
  );
});
