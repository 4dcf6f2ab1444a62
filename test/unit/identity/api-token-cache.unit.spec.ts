import { describe, expect, it } from 'vitest';
import type { ApiTokenRow } from '../../../src/identity/accounts/api-tokens.repository';
import { ApiTokenCache } from '../../../src/identity/access/api-token-cache';

const row: ApiTokenRow = { token_id: 't1', name: 'ci', role: 'system', secret_hash: 'h', revoked_at: null };

/** A lookup that counts how often it reached "the database". */
function counted() {
  let lookups = 0;
  const lookup = () => {
    lookups += 1;
    return Promise.resolve(row);
  };
  return { lookups: () => lookups, lookup };
}

describe('ApiTokenCache keeps a row for maxAgeMs of the app clock at most', () => {
  it('reads again once maxAgeMs has passed', async () => {
    const cache = new ApiTokenCache(1000);
    const db = counted();
    await cache.get('t1', 10_000, db.lookup);
    await cache.get('t1', 10_999, db.lookup);
    expect(db.lookups()).toBe(1);
    await cache.get('t1', 11_000, db.lookup);
    expect(db.lookups()).toBe(2);
  });

  it('reads again when the clock went back (the wall clock was set back), instead of keeping the row longer', async () => {
    const cache = new ApiTokenCache(1000);
    const db = counted();
    await cache.get('t1', 10_000, db.lookup);
    await cache.get('t1', 9_000, db.lookup);
    expect(db.lookups()).toBe(2);
  });
});
