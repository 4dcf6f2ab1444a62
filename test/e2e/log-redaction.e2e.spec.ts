import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { appUrlOf, createTestDatabase, type TestDatabase } from '../support/database';
import { PASSWORD, currentCode } from '../support/identity';
import { freePort, spawnServer, waitForOutput, type ServerProcess } from '../support/server-process';
import { TEST_ENV } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

/**
 * The compiled server at LOG_LEVEL=trace, its stdout and stderr captured whole: every kind of
 * credential a client sends or the server hands out is used, then looked for in the log.
 */
describe('no credential reaches the logs', () => {
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('logs');
    dataDir = await mkdtemp(path.join(tmpdir(), 'smartstart-logs-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    server = spawnServer({
      ...TEST_ENV,
      DATABASE_URL: database.ownerUrl,
      APP_DATABASE_URL: appUrlOf(database.ownerUrl),
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
      INTEGRITY_CHECK_ON_START: 'false',
    });
    await waitForOutput(server, 'SmartStart Ledger is running');
  });
  afterAll(async () => {
    // A failed beforeAll leaves it unassigned, as closeIfStarted explains.
    const started = server as ServerProcess | undefined;
    if (started?.child.exitCode === null) {
      started.child.kill('SIGTERM');
      await started.exited;
    }
    await closeIfStarted(database);
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Every secret value the test sends or receives, to be looked for in the log afterwards. */
  const secrets = new Set<string>();
  const keep = (...values: string[]) => values.forEach((value) => secrets.add(value));

  async function call(
    method: string,
    url: string,
    headers: Record<string, string> = {},
    body?: unknown,
  ): Promise<Response> {
    const init: RequestInit = {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    return fetch(`${baseUrl}${url}`, init);
  }
  async function expectStatus(response: Response, status: number): Promise<Record<string, unknown>> {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    return text ? z.record(z.string(), z.unknown()).parse(JSON.parse(text)) : {};
  }
  /** `name=value` of every Set-Cookie, the values kept as secrets. */
  function cookiesOf(response: Response): Record<string, string> {
    const cookies = Object.fromEntries(
      response.headers.getSetCookie().map((line) => line.split(';')[0].split('=') as [string, string]),
    );
    Object.values(cookies).forEach((value) => value && keep(value));
    return cookies;
  }

  async function bearerSession(email: string): Promise<{ accessToken: string; refreshToken: string }> {
    const login = await expectStatus(
      await call('POST', '/api/v1/auth/login', {}, { email, password: PASSWORD, session: 'bearer' }),
      200,
    );
    const tokens = { accessToken: String(login.accessToken), refreshToken: String(login.refreshToken) };
    keep(tokens.accessToken, tokens.refreshToken);
    return tokens;
  }

  it('redacts passwords, bearer and integration tokens, session cookies, CSRF tokens and MFA codes', async () => {
    keep(PASSWORD);
    const email = `logs-${Date.now()}@example.com`;
    await expectStatus(await call('POST', '/api/v1/auth/register', {}, { email, password: PASSWORD }), 201);
    await expectStatus(await call('POST', '/api/v1/auth/login', {}, { email, password: 'a wrong password 123' }), 401);
    keep('a wrong password 123');
    // A body the JSON parser refuses: its error carries the raw text.
    await expectStatus(
      await call('POST', '/api/v1/auth/login', {}, `{"email":"${email}","password":"${PASSWORD}"`),
      400,
    );

    // Bearer: an access token in Authorization (in two spellings), a refresh token in the body.
    const bearer = await bearerSession(email);
    await expectStatus(await call('GET', '/api/v1/auth/me', { Authorization: `Bearer ${bearer.accessToken}` }), 200);
    await expectStatus(await call('GET', '/api/v1/auth/me', { AUTHORIZATION: `Bearer ${bearer.accessToken}` }), 200);
    const refreshed = await expectStatus(
      await call('POST', '/api/v1/auth/refresh', {}, { refreshToken: bearer.refreshToken }),
      200,
    );
    keep(String(refreshed.accessToken), String(refreshed.refreshToken));

    // MFA: a TOTP code, the recovery codes it hands out, and a recovery code spent.
    const auth = { Authorization: `Bearer ${String(refreshed.accessToken)}` };
    const enrolled = await expectStatus(await call('POST', '/api/v1/auth/mfa/enroll', auth), 200);
    const totpSecret = new URL(String(enrolled.otpauthUri)).searchParams.get('secret') as string;
    const code = currentCode(totpSecret);
    keep(totpSecret, `"${code}"`);
    const confirmed = await expectStatus(await call('POST', '/api/v1/auth/mfa/confirm', auth, { code }), 200);
    const recoveryCodes = confirmed.recoveryCodes as string[];
    keep(...recoveryCodes);
    const fresh = await bearerSession(email);
    await expectStatus(
      await call(
        'POST',
        '/api/v1/auth/mfa/verify',
        { Authorization: `Bearer ${fresh.accessToken}` },
        { recoveryCode: recoveryCodes[0] },
      ),
      204,
    );

    // Cookie session: Set-Cookie on sign-in and refresh, Cookie and X-CSRF-Token on requests.
    const cookieLogin = await call('POST', '/api/v1/auth/login', {}, { email, password: PASSWORD, session: 'cookie' });
    const cookies = cookiesOf(cookieLogin);
    const { csrfToken } = await expectStatus(cookieLogin, 200);
    keep(String(csrfToken));
    const cookieHeader = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    await expectStatus(await call('GET', '/api/v1/auth/me', { Cookie: cookieHeader }), 200);
    const cookieRefresh = await call(
      'POST',
      '/api/v1/auth/refresh',
      { cookie: cookieHeader, 'X-CSRF-Token': String(csrfToken) },
      {},
    );
    const renewed = cookiesOf(cookieRefresh);
    await expectStatus(cookieRefresh, 200);
    const renewedHeader = Object.entries(renewed)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    await expectStatus(
      await call('POST', '/api/v1/auth/logout', { Cookie: renewedHeader, 'x-csrf-token': renewed.ss_csrf }),
      204,
    );

    // An integration's long-lived token.
    const { token } = await createApiToken(database.knex, 'log-redaction', 'system');
    // The secret is what follows `sst_<uuid>_`; it may itself hold '_' (base64url).
    keep(token, token.split('_').slice(2).join('_'));
    await expectStatus(await call('GET', '/api/v1/auth/me', { Authorization: `Bearer ${token}` }), 200);

    // Account basics (#16 §9): a password change (its current and new password) and a reset-link token.
    const changer = `changer-${randomUUID()}@example.com`;
    await expectStatus(await call('POST', '/api/v1/auth/register', {}, { email: changer, password: PASSWORD }), 201);
    const changerTokens = await bearerSession(changer);
    keep('a changed long password 42');
    await expectStatus(
      await call(
        'POST',
        '/api/v1/auth/password',
        { Authorization: `Bearer ${changerTokens.accessToken}` },
        { currentPassword: PASSWORD, newPassword: 'a changed long password 42' },
      ),
      200,
    );
    const resetToken = randomBytes(32).toString('base64url');
    keep(resetToken, 'a reset long password 42');
    await expectStatus(
      await call(
        'POST',
        '/api/v1/auth/password-reset',
        {},
        { token: resetToken, newPassword: 'a reset long password 42' },
      ),
      400,
    );

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const log = server.output();
    expect([...secrets].filter((secret) => log.includes(secret))).toEqual([]);
    // The log is there and names the requests and their credential headers, only not the values.
    const lines = [
      '/api/v1/auth/login',
      '/api/v1/auth/me',
      '/api/v1/auth/refresh',
      '/api/v1/auth/mfa/verify',
      '/api/v1/auth/logout',
      '/api/v1/auth/password',
      '/api/v1/auth/password-reset',
    ].map((url) => `"url":"${url}"`);
    const headers = ['authorization', 'cookie', 'set-cookie', 'x-csrf-token'].map(
      (header) => `"${header}":"[Redacted]"`,
    );
    expect([...lines, ...headers].filter((text) => !log.includes(text))).toEqual([]);
  });
});
