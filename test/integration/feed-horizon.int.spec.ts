import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/platform/chain/canonical-json';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { createTestDatabase, appUrlOf, type TestDatabase } from '../support/database';
import { anEvent, uniqueStream } from '../support/events';
import { collectFrom, eventually } from './event-store-contract/subscription-probe';
import { closeIfStarted } from '../support/teardown';

/**
 * Only event writers hold the feed back. A transaction that merely has an id (a projection's
 * batch, a job, a migration, an operator's psql session) no longer delays delivery, however long
 * it stays open; the ordering guarantee against open event writers is in the contract suite.
 */
describe('the feed horizon (real embedded PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase('feed_horizon');
    store = new PostgresEventStore(database.pool, 10);
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  it('delivers new events while a read-model transaction stays open', async () => {
    const readModelWriter = await openTransactionWithId(appUrlOf(database.ownerUrl));
    try {
      const streamId = uniqueStream();
      const probe = collectFrom(store, null, streamId);
      await store.append(streamId, [anEvent('Delivered')], { expectedRevision: 'no_stream' });
      // Before the horizon, this waited for the open transaction's commit: forever, here.
      await eventually(() => expect(probe.events.map((event) => event.type)).toEqual(['Delivered']));
      await probe.subscription.stop();
    } finally {
      await readModelWriter.end();
    }
  });

  it('refuses events appended after another write of the same transaction, and stores nothing', async () => {
    const client = await openTransactionWithId(appUrlOf(database.ownerUrl));
    const streamId = uniqueStream();
    const event = anEvent();
    try {
      const append = client.query('select append_events($1, $2, $3::uuid[], $4, $5, $6)', [
        streamId,
        'any',
        [event.eventId],
        [event.type],
        [canonicalJson(event.data)],
        [canonicalJson(event.metadata)],
      ]);
      await expect(append).rejects.toMatchObject({ code: 'SS003' });
    } finally {
      await client.end();
    }
    expect(await store.readStream(streamId)).toEqual([]);
  });

  it('lets one transaction append to several streams, the later appends included', async () => {
    const client = new pg.Client(appUrlOf(database.ownerUrl));
    await client.connect();
    const streams = [uniqueStream(), uniqueStream()];
    try {
      await client.query('begin');
      for (const streamId of streams) {
        const event = anEvent();
        await client.query('select append_events($1, $2, $3::uuid[], $4, $5, $6)', [
          streamId,
          'no_stream',
          [event.eventId],
          [event.type],
          [canonicalJson(event.data)],
          [canonicalJson(event.metadata)],
        ]);
      }
      await client.query('commit');
    } finally {
      await client.end();
    }
    for (const streamId of streams) expect(await store.readStream(streamId)).toHaveLength(1);
  });
});

/** A session inside a transaction that has been given an id, as any write gives it one. */
async function openTransactionWithId(url: string): Promise<pg.Client> {
  const client = new pg.Client(url);
  await client.connect();
  await client.query('begin');
  await client.query('select pg_current_xact_id()');
  return client;
}
