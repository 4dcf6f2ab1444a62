import type { Knex } from 'knex';
import type { EventStore, GlobalPosition, RecordedEvent } from '../event-store/event-store.port';
import { handledEvents, type Projection, type TableNames } from './projection';
import { ProjectionCheckpointsRepository } from './projection-checkpoints.repository';

export interface TableDiff {
  table: string;
  onlyInLive: number;
  onlyInRebuild: number;
  /** Up to five differing rows from each side, for the report. */
  samples: { live: unknown[]; rebuild: unknown[] };
}

export interface RebuildReport {
  projection: string;
  position: GlobalPosition | null;
  eventsReplayed: number;
  equal: boolean;
  tables: TableDiff[];
}

const MAX_CATCH_UP_ROUNDS = 50;
const REPLAY_PAGE = 2000;

/**
 * Replays the whole feed into fresh `<table>__rebuild` copies and diffs them with the live
 * tables at the same checkpoint. The live runner keeps going meanwhile, so the replay chases
 * its checkpoint and diffs inside one snapshot where both are at the same position.
 * Needs DDL rights: run it with the owner connection.
 */
export async function rebuildAndCompare(
  projection: Projection,
  store: EventStore,
  ownerKnex: Knex,
  options: { keep?: boolean; onProgress?: (eventsReplayed: number) => void } = {},
): Promise<RebuildReport> {
  const tables: TableNames = Object.fromEntries(projection.tables.map((table) => [table, `${table}__rebuild`]));
  for (const [live, copy] of Object.entries(tables)) {
    await ownerKnex.raw('drop table if exists ??; create table ?? (like ?? including all)', [copy, copy, live]);
  }
  const checkpoints = new ProjectionCheckpointsRepository(ownerKnex);
  let position: GlobalPosition | null = null;
  let eventsReplayed = 0;
  try {
    for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round += 1) {
      const target = await checkpoints.load(projection.name);
      for await (const events of feedUpTo(store, position, target)) {
        await ownerKnex.transaction((transaction) => applyIfHandled(projection, transaction, events, tables));
        position = events[events.length - 1].position;
        eventsReplayed += events.length;
        options.onProgress?.(eventsReplayed);
      }
      const diff = await diffAtPosition(ownerKnex, projection, tables, position);
      if (diff) return { projection: projection.name, position, eventsReplayed, equal: diff.every(isEqual), tables: diff };
    }
    throw new Error(`${projection.name} kept moving for ${MAX_CATCH_UP_ROUNDS} rounds; try again when the system is quieter`);
  } finally {
    if (!options.keep) for (const copy of Object.values(tables)) await ownerKnex.schema.dropTableIfExists(copy);
  }
}

async function* feedUpTo(store: EventStore, from: GlobalPosition | null, target: GlobalPosition | null): AsyncGenerator<RecordedEvent[]> {
  if (target === null || from === target) return;
  let position = from;
  for (;;) {
    const page = await store.readAll({ fromPosition: position, maxCount: REPLAY_PAGE });
    const end = page.findIndex((event) => event.position === target);
    const events = end === -1 ? page : page.slice(0, end + 1);
    if (events.length === 0) throw new Error(`the feed ended before the live checkpoint ${target}`);
    yield events;
    if (end !== -1) return;
    position = events[events.length - 1].position;
  }
}

async function applyIfHandled(projection: Projection, transaction: Knex.Transaction, events: RecordedEvent[], tables: TableNames): Promise<void> {
  const handled = handledEvents(projection, events);
  if (handled.length > 0) await projection.apply(transaction, handled, tables);
}

/** Diffs in one snapshot, or returns null if the live checkpoint is no longer at `position`. */
async function diffAtPosition(knex: Knex, projection: Projection, tables: TableNames, position: GlobalPosition | null): Promise<TableDiff[] | null> {
  return knex.transaction(
    async (transaction) => {
      const live = await new ProjectionCheckpointsRepository(transaction).load(projection.name);
      if (live !== position) return null;
      const diffs: TableDiff[] = [];
      for (const [table, copy] of Object.entries(tables)) diffs.push(await diffTables(transaction, table, copy));
      return diffs;
    },
    { isolationLevel: 'repeatable read' },
  );
}

async function diffTables(knex: Knex.Transaction, live: string, copy: string): Promise<TableDiff> {
  const side = (left: string, right: string) => knex.raw('select * from ?? except all select * from ??', [left, right]);
  const onlyLive = await side(live, copy);
  const onlyRebuild = await side(copy, live);
  return {
    table: live,
    onlyInLive: onlyLive.rows.length,
    onlyInRebuild: onlyRebuild.rows.length,
    samples: { live: onlyLive.rows.slice(0, 5), rebuild: onlyRebuild.rows.slice(0, 5) },
  };
}

function isEqual(diff: TableDiff): boolean {
  return diff.onlyInLive === 0 && diff.onlyInRebuild === 0;
}
