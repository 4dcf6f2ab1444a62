import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';
import { errorOf } from '../support/json';

const status = (answer: { status: number }) => answer.status;

describe('the sign-in limit is attached to the route, not to one spelling of its URL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', LOGIN_RATE_LIMIT_MAX: '3' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('counts /api/v1/auth/login/, /API/v1/auth/login and /api/v1/AUTH/login against one limit', async () => {
    const spellings = ['/api/v1/auth/login/', '/API/v1/auth/login', '/api/v1/AUTH/login', '/api/v1/auth/login'];
    const answers = [];
    for (const path of spellings)
      answers.push(
        await request(app.baseUrl).post(path).send({ email: 'nobody@example.com', password: 'not the password' }),
      );
    // Each spelling reached the sign-in handler (401 for bad credentials, not 404) until the limit.
    expect(answers.map(status)).toEqual([401, 401, 401, 429]);
    expect(errorOf(answers[3])).toMatchObject({
      error: 'RATE_LIMITED',
      details: { retryAfterSeconds: expect.any(Number) as unknown },
    });
    expect(Number(answers[3].headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('limits shared by every instance, per account for signed-in callers', () => {
  let first: TestApp;
  let second: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  // Two users cost four anonymous requests (register and sign in); the address has 4 left after.
  const env = { INTEGRITY_CHECK_ON_START: 'false', RATE_LIMIT_MAX: '8', ACCOUNT_RATE_LIMIT_MAX: '12' };

  beforeAll(async () => {
    first = await startTestApp({ env });
    second = await startTestApp({ env, ownerUrl: first.ownerUrl });
    alice = await signUp(first);
    bob = await signUp(second);
  });
  afterAll(async () => {
    await closeIfStarted(first);
    await closeIfStarted(second);
  });

  const anonymous = (app: TestApp) => request(app.baseUrl).get('/api/v1/ledger/status');
  const asUser = (app: TestApp, user: TestUser) => request(app.baseUrl).get('/api/v1/auth/me').set(user.auth);

  it('allows an address its limit once across two instances, not once per instance', async () => {
    const answers = [];
    for (let hit = 0; hit < 6; hit += 1) answers.push(status(await anonymous(hit % 2 === 0 ? first : second)));
    expect(answers).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('still serves signed-in people behind that address, each from their own budget', async () => {
    const aliceAnswers = await Promise.all(
      Array.from({ length: 20 }, (_, hit) => asUser(hit % 2 === 0 ? first : second, alice).then(status)),
    );
    // The account budget is counted in batches below its half: each of the two instances may
    // admit up to half the budget (6) before it sees the other's hits, never more.
    const admitted = aliceAnswers.filter((code) => code === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(12);
    expect(admitted).toBeLessThanOrEqual(18);
    expect(aliceAnswers.filter((code) => code !== 200).every((code) => code === 429)).toBe(true);
    // Every hit reached the shared store: both instances refuse her now, and Bob still has his own budget.
    expect([status(await asUser(first, alice)), status(await asUser(second, alice))]).toEqual([429, 429]);
    expect(status(await asUser(first, bob))).toBe(200);
  });

  it('charges failed credentials to the address, so guessing tokens is limited too', async () => {
    const forged = await request(first.baseUrl).get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.token');
    expect(forged.status).toBe(429);
    expect(errorOf(forged).message).toMatch(/from this address; slow down and retry in \d+ s/);
  });

  it('never limits the health check that load balancers poll', async () => {
    expect(status(await request(first.baseUrl).get('/api/health'))).not.toBe(429);
  });
});
