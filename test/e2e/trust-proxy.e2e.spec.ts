import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** Three sign-in attempts allowed per address; a window far longer than the test, so it never rolls over. */
const LIMITS = { LOGIN_RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: String(10 * 365 * 24 * 3600_000) };

/** A failed sign-in, sent as if through a proxy that says the client is `forwardedFor`. */
function attempt(app: TestApp, forwardedFor: string) {
  return request(app.baseUrl)
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', forwardedFor)
    .send({ email: 'nobody@example.com', password: 'not the password', session: 'bearer' });
}

async function statusesOf(app: TestApp, forwardedFor: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const address of forwardedFor) statuses.push((await attempt(app, address)).status);
  return statuses;
}

/** The addresses the shared limiter charged sign-ins to. */
async function chargedAddresses(app: TestApp): Promise<string[]> {
  const { rows } = await app.database.pool.query<{ subject: string }>(
    `select subject from rate_limit_hits where bucket = 'sign-in' order by subject`,
  );
  return rows.map((row) => row.subject);
}

const FORGED = ['203.0.113.1', '203.0.113.2', '203.0.113.3'];

describe.each([
  ['off (the default)', {}],
  ['naming proxies the caller is not among (10.0.0.0/8)', { TRUST_PROXY: '10.0.0.0/8' }],
])('TRUST_PROXY %s: X-Forwarded-For is ignored', (_, env) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ...LIMITS, ...env } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('keys the sign-in limit on the socket address, whatever address the header names', async () => {
    expect(await statusesOf(app, FORGED)).toEqual([401, 401, 429]);
    const charged = await chargedAddresses(app);
    expect(charged).toHaveLength(1);
    expect(charged[0]).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });
});

describe('TRUST_PROXY=loopback: a request from a trusted proxy', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { ...LIMITS, TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('is charged to the client the proxy names, each client to its own budget', async () => {
    expect(await statusesOf(app, FORGED)).toEqual([401, 401, 401]);
    expect(await chargedAddresses(app)).toEqual(FORGED);
    // The same client again through the proxy: its own budget runs out.
    expect(await statusesOf(app, ['203.0.113.1', '198.51.100.9, 203.0.113.1'])).toEqual([401, 429]);
  });
});
