import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { handledEvents, type Projection, type TableNames } from '../../src/platform/projections/projection';

/**
 * Ways an at-least-once feed may hand a projection the same events: every one must leave the
 * tables exactly as applying the feed once, in one batch, does.
 */
export function redeliveries(events: readonly RecordedEvent[]): Record<string, RecordedEvent[][]> {
  const pairs = events.slice(1).map((event, index) => [events[index], event]);
  return {
    'the whole feed twice': [[...events], [...events]],
    'one event at a time': events.map((event) => [event]),
    'the whole feed twice inside one batch': [[...events, ...events]],
    'each event twice in a row inside one batch': [events.flatMap((event) => [event, event])],
    'overlapping batches, each redelivering the last event of the one before': pairs,
    'a stream split across batches, then an earlier part again': [
      events.slice(0, 3),
      events.slice(3),
      events.slice(1, 4),
    ],
  };
}

/**
 * Applies `batches` to fresh copies of the projection's tables, one transaction each; returns the
 * copies' rows. Creating the copies needs the owner connection.
 */
export async function rowsAfterBatches(
  owner: Knex,
  projection: Projection,
  batches: readonly RecordedEvent[][],
  label: string,
): Promise<Record<string, unknown[]>> {
  const tables: TableNames = Object.fromEntries(projection.tables.map((table) => [table, `${table}__${label}`]));
  for (const [live, copy] of Object.entries(tables))
    await owner.raw('drop table if exists ??; create table ?? (like ?? including all)', [copy, copy, live]);
  for (const batch of batches) {
    const handled = handledEvents(projection, batch);
    if (handled.length > 0) await owner.transaction((transaction) => projection.apply(transaction, handled, tables));
  }
  return tableRows(owner, tables);
}

/** Every row of each table, in primary-key order (the key is each table's leading one or two columns). */
export async function tableRows(knex: Knex, tables: TableNames): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const [logical, physical] of Object.entries(tables)) {
    const { fields } = await knex.raw<{ fields: unknown[] }>('select * from ?? limit 0', [physical]);
    const order = fields.length > 1 ? '1, 2' : '1';
    rows[logical] = (await knex.raw<{ rows: unknown[] }>(`select * from ?? order by ${order}`, [physical])).rows;
  }
  return rows;
}
