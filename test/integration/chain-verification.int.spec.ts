import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyChains } from '../../src/ledger/verification/ledger-verifier';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { chainVectors } from '../support/chain-vectors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { tamper } from '../support/tamper';
import { rewriteAndRehash } from './audit/rewrite-events';
import { closeIfStarted, endIfStarted } from '../support/teardown';
import { z } from 'zod';
import { rowsOf } from '../support/json';

const WALLET = chainVectors[0].streamId;
const MEMBER = chainVectors[3].streamId;

describe('chain verification against tampering (real PostgreSQL)', () => {
  let database: TestDatabase;
  let owner: pg.Client;

  beforeEach(async () => {
    database = await createTestDatabase('chain');
    const store = new PostgresEventStore(database.pool);
    for (const vector of chainVectors) {
      await store.append(vector.streamId, [vector], {
        expectedRevision: vector.revision === 0 ? 'no_stream' : BigInt(vector.revision - 1),
      });
    }
    owner = new pg.Client(database.ownerUrl);
    await owner.connect();
  });
  afterEach(async () => {
    await endIfStarted(owner);
    await closeIfStarted(database);
  });

  it('stores exactly the committed vector hashes, computed inside PostgreSQL', async () => {
    const rows = rowsOf(
      await owner.query("select encode(hash, 'hex') as hash, data from events order by global_position"),
      z.object({ hash: z.string(), data: z.string() }),
    );
    expect(rows.map((row) => row.hash)).toEqual(chainVectors.map((vector) => vector.hash));
    expect(rows.map((row) => row.data)).toEqual(chainVectors.map((vector) => vector.dataText));
    expect(await verifyChains(database.pool)).toMatchObject({
      status: 'VERIFIED',
      eventsChecked: 5,
      streamsChecked: 2,
      firstBreak: null,
    });
  });

  it("names the stream, revision and both hashes when one event's data was edited", async () => {
    await tamper(
      owner,
      `update events set data = replace(data, '"100"', '"900"') where stream_id = $1 and revision = 1`,
      [WALLET],
    );
    const report = await verifyChains(database.pool);
    expect(report.status).toBe('BROKEN');
    expect(report.firstBreak).toEqual({
      streamId: WALLET,
      revision: '1',
      problem: 'HASH_MISMATCH',
      expected: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
      actual: chainVectors[1].hash,
    });
    expect(report.firstBreak?.expected).not.toBe(chainVectors[1].hash);
  });

  it('reports a broken link when a stored hash was replaced', async () => {
    await tamper(owner, `update events set hash = sha256('forged'::bytea) where stream_id = $1 and revision = 0`, [
      MEMBER,
    ]);
    const report = await verifyChains(database.pool);
    expect(report.firstBreak).toMatchObject({ streamId: MEMBER, revision: '0', problem: 'HASH_MISMATCH' });
  });

  it('reports the gap when an event in the middle was deleted', async () => {
    await tamper(owner, 'delete from events where stream_id = $1 and revision = 1', [WALLET]);
    const report = await verifyChains(database.pool);
    expect(report.firstBreak).toEqual({
      streamId: WALLET,
      revision: '2',
      problem: 'MISSING_REVISION',
      expected: '1',
      actual: '2',
    });
  });

  it('reports text that was re-encoded without changing its meaning', async () => {
    await tamper(owner, `update events set data = replace(data, ':', ': ') where stream_id = $1 and revision = 0`, [
      MEMBER,
    ]);
    expect((await verifyChains(database.pool)).firstBreak).toMatchObject({
      streamId: MEMBER,
      revision: '0',
      problem: 'HASH_MISMATCH',
    });
  });

  it('reports a broken link with both hashes when a prevHash was replaced', async () => {
    await tamper(owner, `update events set prev_hash = sha256('forged'::bytea) where stream_id = $1 and revision = 1`, [
      WALLET,
    ]);
    const [{ hash: forged }] = rowsOf(
      await owner.query("select encode(sha256('forged'::bytea), 'hex') as hash"),
      z.object({ hash: z.string() }),
    );
    expect((await verifyChains(database.pool)).firstBreak).toEqual({
      streamId: WALLET,
      revision: '1',
      problem: 'BROKEN_LINK',
      expected: chainVectors[0].hash,
      actual: forged,
    });
  });

  it('reports data that is not its own canonical form even when every hash was recomputed for it', async () => {
    await rewriteAndRehash(owner, MEMBER, 0n, (text) => text.replace(':', ': '));
    const rows = rowsOf(
      await owner.query('select data from events where stream_id = $1 and revision = 0', [MEMBER]),
      z.object({ data: z.string() }),
    );
    expect((await verifyChains(database.pool)).firstBreak).toEqual({
      streamId: MEMBER,
      revision: '0',
      problem: 'NOT_CANONICAL',
      expected: chainVectors[3].dataText,
      actual: rows[0].data,
    });
  });

  it('verifies canonical text that only the slower checks can prove (escapes, unusual numbers)', async () => {
    const store = new PostgresEventStore(database.pool);
    // Tab, line feed and CR are the only control characters the store takes (storable-text.ts); JCS escapes them.
    const data = {
      note: 'tab\t, line feed\n, return\r, quote " and backslash \\, 😀, U+2028 \u2028',
      small: 5e-7,
      inexact: 0.1 + 0.2,
      negative: -0.5,
    };
    await store.append(WALLET, [{ ...chainVectors[0], eventId: '7d3c1f0e-2b4a-4c6d-8e9f-0a1b2c3d4e5f', data }], {
      expectedRevision: 'any',
    });
    expect(await verifyChains(database.pool)).toMatchObject({ status: 'VERIFIED', eventsChecked: 6, firstBreak: null });
  });

  it('verifies a single stream on its own, untouched by a break elsewhere', async () => {
    await tamper(owner, 'delete from events where stream_id = $1 and revision = 1', [WALLET]);
    expect(await verifyChains(database.pool, { streamId: MEMBER })).toMatchObject({
      status: 'VERIFIED',
      eventsChecked: 2,
      streamsChecked: 1,
    });
    expect(await verifyChains(database.pool, { streamId: WALLET })).toMatchObject({ status: 'BROKEN' });
  });
});

describe('verification progress', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('progress');
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  it('reports progress per page over many streams', async () => {
    const store = new PostgresEventStore(database.pool);
    for (const vector of chainVectors) await store.append(vector.streamId, [vector], { expectedRevision: 'any' });
    const seen: number[] = [];
    const report = await verifyChains(database.pool, { onProgress: (count) => seen.push(count) });
    expect(report.status).toBe('VERIFIED');
    expect(seen.at(-1)).toBe(5);
  });
});
