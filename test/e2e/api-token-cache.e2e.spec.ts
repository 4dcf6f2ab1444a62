import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { startTestApp, type TestApp } from '../support/test-app';

const CACHE_MS = 400;

describe('integration tokens are cached for API_TOKEN_CACHE_MS at most', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', API_TOKEN_CACHE_MS: String(CACHE_MS) } });
  });
  afterAll(async () => {
    await app?.close();
  });
  const me = (token: string) => request(app.baseUrl).get('/api/v1/auth/me').set({ Authorization: `Bearer ${token}` });

  it('refuses a token revoked in the database once the bound has passed', async () => {
    const { tokenId, token } = await createApiToken(app.database.knex, 'revoked-later', 'system');
    await me(token).expect(200);
    await app.database.knex('api_tokens').where({ token_id: tokenId }).update({ revoked_at: new Date() });
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 100));
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
