import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lockMsAfter } from '../../src/identity/domain/lockout.decide';
import { CLOCK } from '../../src/shared-kernel/clock';
import { PASSWORD, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, rowsOf, storedJsonObject } from '../support/json';
import { closeIfStarted } from '../support/teardown';

/** The `data` column of stored LoginFailed events. */
const loginFailedRow = z.object({ data: storedJsonObject });

describe('brute force on sign-in', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('backs off exponentially after five failures, up to a 15 minute lock', () => {
    expect([1, 5, 6, 7, 8, 10, 20].map(lockMsAfter)).toEqual([0, 0, 1000, 2000, 4000, 16_000, 900_000]);
  });

  it('locks the account after repeated failures, even for the right password, with Retry-After', async () => {
    const user = await signUp(app);
    const attempt = (password: string) =>
      request(app.baseUrl).post('/api/v1/auth/login').send({ email: user.email, password });
    for (let failure = 1; failure <= 5; failure += 1) await attempt('wrong password attempt').expect(401);
    await attempt('wrong password attempt').expect(401);
    const locked = await attempt(PASSWORD).expect(429);
    expect(errorOf(locked).error).toBe('ACCOUNT_LOCKED');
    expect(Number(errorOf(locked).details.retryAfterSeconds)).toBeGreaterThan(0);
    expect(locked.headers['retry-after']).toBe(String(errorOf(locked).details.retryAfterSeconds));
    const rows = rowsOf(
      await app.database.pool.query("select data from events where stream_id = $1 and type = 'LoginFailed'", [
        `user-${user.userId}`,
      ]),
      loginFailedRow,
    );
    expect(rows.map((row) => row.data.reason)).toEqual([...Array<string>(6).fill('BAD_PASSWORD'), 'LOCKED_OUT']);
  });
});

describe('per-address limits', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false', RATE_LIMIT_MAX: '8', LOGIN_RATE_LIMIT_MAX: '3' },
    });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('answers 429 with Retry-After past the stricter login limit, then past the general one', async () => {
    const login = () =>
      request(app.baseUrl).post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'whatever it is' });
    for (let attempt = 0; attempt < 3; attempt += 1) await login().expect(401);
    const limited = await login().expect(429);
    expect(errorOf(limited).error).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // The three accepted sign-in attempts count towards the general limit of 8 as well.
    for (let request_ = 0; request_ < 5; request_ += 1)
      await request(app.baseUrl).get('/api/v1/ledger/status').expect(200);
    const general = await request(app.baseUrl).get('/api/v1/ledger/status').expect(429);
    expect(Number(general.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
  });
});

describe('password guesses in parallel, counted on the user stream alone', () => {
  // Frozen, so the lock a burst earns can't run out between the burst and the right password.
  const now = new Date();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue({ now: () => now }),
    });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('decides each of 20 parallel wrong passwords on the latest state, one event each, and refuses the right one after', async () => {
    const user = await signUp(app);
    const guess = () =>
      request(app.baseUrl).post('/api/v1/auth/login').send({ email: user.email, password: 'wrong password guess' });
    const statuses = (await Promise.all(Array.from({ length: 20 }, guess))).map((answer) => answer.status);
    // Five free failures, the sixth earns the lock, and every guess after it is refused unseen.
    expect(statuses.filter((status) => status === 401)).toHaveLength(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(14);
    const rows = rowsOf(
      await app.database.pool.query(
        "select data from events where stream_id = $1 and type = 'LoginFailed' order by revision",
        [`user-${user.userId}`],
      ),
      loginFailedRow,
    );
    const reasons = rows.map((row) => row.data.reason);
    expect(reasons).toEqual([...Array<string>(6).fill('BAD_PASSWORD'), ...Array<string>(14).fill('LOCKED_OUT')]);
    expect(rows[5].data.lockedUntil).toBe(new Date(now.getTime() + lockMsAfter(6)).toISOString());
    const right = await request(app.baseUrl)
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: PASSWORD })
      .expect(429);
    expect(errorOf(right).error).toBe('ACCOUNT_LOCKED');
  });
});
