import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { CLOCK } from '../../src/shared-kernel/clock';
import { testClock } from '../support/clock';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

// Long, so the real time the requests take never matters: only the test's clock moves past it.
const CACHE_MS = 60_000;

describe('integration tokens are cached for API_TOKEN_CACHE_MS at most', () => {
  let app: TestApp;
  const clock = testClock();

  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', API_TOKEN_CACHE_MS: String(CACHE_MS) },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const me = (token: string) =>
    request(app.baseUrl)
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${token}` });

  it('refuses a token revoked in the database once the bound has passed', async () => {
    const { tokenId, token } = await createApiToken(app.database.knex, 'revoked-later', 'system');
    await me(token).expect(200);
    await app.database.knex('api_tokens').where({ token_id: tokenId }).update({ revoked_at: new Date() });
    // Still cached just before the bound: the revocation is not seen yet.
    clock.advance(CACHE_MS - 10_000);
    await me(token).expect(200);
    clock.advance(10_000);
    expect((await me(token)).status).toBe(401);
  });

  it('still checks the secret of a cached token on every request', async () => {
    const { token } = await createApiToken(app.database.knex, 'cached', 'system');
    await me(token).expect(200);
    const forged = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await me(forged)).status).toBe(401);
    await me(token).expect(200);
  });
});
