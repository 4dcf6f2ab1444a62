import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { apiTokenRevokedSchema } from '../../src/identity/http/identity.responses';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { runCli } from '../support/projection-failure';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/**
 * Revoking an integration token, from the admin route and from the CLI (the compiled one: `npm
 * run build:api` first). A short cache bound, so the refusal comes soon; waitFor, so how soon
 * never fails the test.
 */
describe('revoking an integration token', () => {
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;
  const api = () => request(app.baseUrl);
  const me = (token: string) =>
    api()
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${token}` });
  const revoke = (tokenId: string, caller: TestUser = admin) =>
    api().post(`/api/v1/admin/api-tokens/${tokenId}/revoke`).set(caller.auth).send({});
  const refused = (token: string) =>
    waitFor('the revoked token to be refused', async () => (await me(token)).status === 401);
  const auditTrail = async (tokenId: string) =>
    (await app.store.readStream(`apiToken-${tokenId}`)).map((event) => [event.type, event.data]);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', API_TOKEN_CACHE_MS: '200' } });
    admin = await signUp(app, { roles: ['admin'], mfa: true });
    member = await signUp(app);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('is refused within API_TOKEN_CACHE_MS once an admin revokes it, recorded with the admin, and idempotent', async () => {
    const { tokenId, token } = await createApiToken(app.database.knex, 'ci', 'system');
    // Read once, so the instance holds it in its cache when the revocation lands.
    await me(token).expect(200);
    const first = json(await revoke(tokenId).expect(200), apiTokenRevokedSchema);
    expect(first.tokenId).toBe(tokenId);
    await refused(token);

    const again = json(await revoke(tokenId).expect(200), apiTokenRevokedSchema);
    expect(again.revokedAt).toBe(first.revokedAt);
    expect(await auditTrail(tokenId)).toEqual([['ApiTokenRevoked', { revokedBy: admin.userId }]]);
  });

  it('answers 404 for an unknown token and 400 for a malformed id, and is for admins only', async () => {
    const unknown = randomUUID();
    expect(errorOf(await revoke(unknown).expect(404))).toMatchObject({
      error: 'API_TOKEN_NOT_FOUND',
      details: { tokenId: unknown },
    });
    expect(errorOf(await revoke('not-a-token').expect(400)).error).toBe('VALIDATION_FAILED');
    const { tokenId, token } = await createApiToken(app.database.knex, 'kept', 'system');
    expect(errorOf(await revoke(tokenId, member).expect(403)).error).toBe('FORBIDDEN');
    await me(token).expect(200);
    expect(await auditTrail(tokenId)).toEqual([]);
  });

  it('revokes from the CLI too, recorded with no actor; again is a no-op, an unknown id exits 1', async () => {
    const { tokenId, token } = await createApiToken(app.database.knex, 'nightly', 'system');
    await me(token).expect(200);
    const run = await runCli(app, ['token', 'revoke', tokenId]);
    expect(run.code, run.stderr).toBe(0);
    expect(json({ body: JSON.parse(run.stdout) as unknown }, apiTokenRevokedSchema).tokenId).toBe(tokenId);
    await refused(token);

    expect((await runCli(app, ['token', 'revoke', tokenId])).code).toBe(0);
    expect(await auditTrail(tokenId)).toEqual([['ApiTokenRevoked', { revokedBy: null }]]);
    const unknown = await runCli(app, ['token', 'revoke', randomUUID()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No integration token');
  });
});
