import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { handledEvents, type Projection } from '../../src/platform/projections/projection';
import { derivedId } from '../../src/shared-kernel/ids';
import type { JsonObject } from '../../src/shared-kernel/json';
import { createTestDatabase, type TestDatabase } from './database';
import { metadata } from './events';
import { wholeFeed } from './feed';

/** An event as a context writes it, before the store gives it an id and a position. */
export interface WrittenEvent {
  readonly type: string;
  readonly data: JsonObject;
}

/** A projection integration test's database, and the events of its feed the projection reads. */
export interface ProjectionDatabase {
  readonly database: TestDatabase;
  readonly events: RecordedEvent[];
}

/**
 * A fresh, migrated database whose log holds `streams`: each a new stream, appended in the order
 * given, its events' ids derived from the stream id (so a run is repeatable). Returns the events
 * `projection` reads, from the feed, once the feed shows them all.
 */
export async function projectionDatabase(
  label: string,
  projection: Projection,
  streams: Readonly<Record<string, readonly WrittenEvent[]>>,
): Promise<ProjectionDatabase> {
  const database = await createTestDatabase(label);
  const store = new PostgresEventStore(database.pool);
  for (const [streamId, history] of Object.entries(streams)) {
    await store.append(
      streamId,
      history.map((event, index) => ({
        eventId: derivedId(streamId, String(index)),
        type: event.type,
        data: event.data,
        metadata: metadata(),
      })),
      { expectedRevision: 'no_stream' },
    );
  }
  return { database, events: handledEvents(projection, await wholeFeed(store, database.pool)) };
}
