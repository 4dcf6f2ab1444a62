import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedRateLimiter, type RateLimit } from '../../src/identity/access/shared-rate-limiter';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { closeIfStarted } from '../support/teardown';

const NOW_MS = Date.parse('2026-12-07T10:00:00.000Z');
const WINDOW_MS = 60_000;

describe('SharedRateLimiter (real embedded PostgreSQL)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('rate_limiter');
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  const limit = (bucket: string, max: number, batched: boolean): RateLimit => ({
    bucket,
    max,
    windowMs: WINDOW_MS,
    batched,
  });
  const storedHits = async (bucket: string, subject: string) =>
    (await database.knex('rate_limit_hits').where({ bucket, subject }).first<{ hits: number } | undefined>())?.hits ??
    0;

  it.each([false, true])(
    'admits exactly the budget on one instance, batched: %s, with 60 hits in parallel',
    async (batched) => {
      const limiter = new SharedRateLimiter(database.knex);
      const answers = await Promise.all(
        Array.from({ length: 60 }, () => limiter.hit(limit(`parallel-${batched}`, 20, batched), 'member-1', NOW_MS)),
      );
      expect(answers.filter((answer) => answer === null)).toHaveLength(20);
      expect(answers.filter((answer) => answer !== null).every((seconds) => seconds === WINDOW_MS / 1000)).toBe(true);
    },
  );

  it('writes hits under half a batched budget soon after, all counters in one statement', async () => {
    const limiter = new SharedRateLimiter(database.knex);
    const budget = limit('soon', 100, true);
    for (let hit = 0; hit < 30; hit += 1) expect(await limiter.hit(budget, `member-${hit % 3}`, NOW_MS)).toBeNull();
    for (const subject of ['member-0', 'member-1', 'member-2']) {
      await expect.poll(() => storedHits('soon', subject)).toBe(10);
    }
  });

  it('counts every hit of two instances sharing one budget, and refuses once the shared total is spent', async () => {
    const instances = [new SharedRateLimiter(database.knex), new SharedRateLimiter(database.knex)];
    const budget = limit('shared', 40, true);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, index) => instances[index % 2].hit(budget, 'member-9', NOW_MS)),
    );
    await expect.poll(() => storedHits('shared', 'member-9')).toBe(100);
    // Each instance may admit half a budget unseen by the other: never more than 1.5 budgets in all.
    const admitted = answers.filter((answer) => answer === null).length;
    expect(admitted).toBeGreaterThanOrEqual(40);
    expect(admitted).toBeLessThanOrEqual(60);
    expect(await instances[0].hit(budget, 'member-9', NOW_MS)).not.toBeNull();
  });

  it('never batches a budget that guards credentials: each hit is stored before it is answered', async () => {
    const limiter = new SharedRateLimiter(database.knex);
    for (let hit = 1; hit <= 3; hit += 1) {
      await limiter.hit(limit('sign-in', 10, false), '203.0.113.7', NOW_MS);
      expect(await storedHits('sign-in', '203.0.113.7')).toBe(hit);
    }
  });
});
