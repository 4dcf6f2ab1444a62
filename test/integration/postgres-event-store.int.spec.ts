import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { canonicalJson } from '../../src/platform/chain/canonical-json';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import type { EventToAppend } from '../../src/platform/event-store/event-store.port';
import { createTestDatabase, type TestDatabase } from '../support/database';
import type { ContractSubject } from './event-store-contract/contract-subject';
import { eventStoreContract } from './event-store-contract/event-store.contract';
import { closeIfStarted } from '../support/teardown';

describe('PostgresEventStore (real embedded PostgreSQL)', () => {
  let database: TestDatabase;
  let subject: ContractSubject;

  beforeAll(async () => {
    database = await createTestDatabase('contract');
    subject = {
      store: new PostgresEventStore(database.pool, 10),
      appendInOpenTransaction: (streamId, event) => appendInOpenTransaction(database.ownerUrl, streamId, event),
    };
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  eventStoreContract(() => subject);
});

async function appendInOpenTransaction(
  url: string,
  streamId: string,
  event: EventToAppend,
): Promise<{ commit(): Promise<void> }> {
  const client = new pg.Client(url);
  await client.connect();
  await client.query('begin');
  await client.query('select append_events($1, $2, $3::uuid[], $4, $5, $6)', [
    streamId,
    'any',
    [event.eventId],
    [event.type],
    [canonicalJson(event.data)],
    [canonicalJson(event.metadata)],
  ]);
  return {
    async commit() {
      await client.query('commit');
      await client.end();
    },
  };
}
