import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerStreamsProjection } from '../../projections/ledger-streams/ledger-streams.projection';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { liveTables } from '../../src/platform/projections/projection';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { someEvents, uniqueStream } from '../support/events';
import { finalFeed } from '../support/feed';
import { closeIfStarted } from '../support/teardown';

describe('ledger_streams projection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let events: RecordedEvent[];
  const wallet = uniqueStream('wallet');
  const member = uniqueStream('member');

  beforeAll(async () => {
    database = await createTestDatabase('ledger_streams');
    const store = new PostgresEventStore(database.pool);
    await store.append(wallet, someEvents(3, 'BuzIssued'), { expectedRevision: 'no_stream' });
    await store.append(member, someEvents(1, 'XpAwarded'), { expectedRevision: 'no_stream' });
    await store.append(wallet, someEvents(1, 'BuzLocked'), { expectedRevision: 2n });
    events = await finalFeed(store, 5);
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  const apply = (batch: RecordedEvent[]) =>
    database.knex.transaction((trx) => ledgerStreamsProjection.apply(trx, batch, liveTables(ledgerStreamsProjection)));
  const rows = () => database.knex('ledger_streams').select('*').orderBy('stream_id');

  it('keeps one head per stream with its count, hash and last event', async () => {
    await apply(events);
    expect(await rows()).toEqual(
      [
        {
          stream_id: member,
          category: 'member',
          last_revision: '0',
          last_hash: events[3].hash,
          event_count: '1',
          last_event_type: 'XpAwarded',
          last_occurred_at: events[3].metadata.occurredAt,
        },
        {
          stream_id: wallet,
          category: 'wallet',
          last_revision: '3',
          last_hash: events[4].hash,
          event_count: '4',
          last_event_type: 'BuzLocked',
          last_occurred_at: events[4].metadata.occurredAt,
        },
      ].sort((a, b) => a.stream_id.localeCompare(b.stream_id)),
    );
  });

  it('changes nothing when events are delivered again, whole or in part', async () => {
    const before = await rows();
    await apply(events);
    await apply(events.slice(0, 2));
    for (const event of events) await apply([event]);
    expect(await rows()).toEqual(before);
  });
});
