import type { Knex } from 'knex';
import type { EventStore, GlobalPosition, ReadAllOptions, RecordedEvent } from '../event-store/event-store.port';
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
  /** Events the projection handles that the replay applied (the others only move its position). */
  eventsReplayed: number;
  equal: boolean;
  tables: TableDiff[];
}

export interface RebuildOptions {
  /** Keep the `__rebuild` tables for inspection. */
  keep?: boolean;
  /** Called after each page with the number of feed events replayed so far. */
  onProgress?: (eventsReplayed: number) => void;
}

const MAX_CATCH_UP_ROUNDS = 50;
const REPLAY_PAGE = 2000;

/** One projection being replayed into its `__rebuild` tables. */
interface Replay {
  readonly projection: Projection;
  readonly tables: TableNames;
  position: GlobalPosition | null;
  eventsReplayed: number;
}

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
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const [report] = await rebuildAllAndCompare([projection], store, ownerKnex, options);
  return report;
}

/**
 * rebuildAndCompare for several projections over one read of the feed: each page is applied to
 * every projection that has not reached its live checkpoint yet, each in its own transaction and
 * all at once, so reading and parsing the feed is paid once and PostgreSQL works on one
 * projection's statements while this process folds the next one's. Those whose live checkpoint
 * moved on meanwhile then catch up one by one. Give `ownerKnex` a pool of at least one
 * connection per projection, or the transactions queue for one.
 */
export async function rebuildAllAndCompare(
  projections: readonly Projection[],
  store: EventStore,
  ownerKnex: Knex,
  options: RebuildOptions = {},
): Promise<RebuildReport[]> {
  const replays: Replay[] = projections.map((projection) => ({
    projection,
    tables: rebuildTables(projection),
    position: null,
    eventsReplayed: 0,
  }));
  const progress = { events: 0, report: options.onProgress };
  try {
    for (const replay of replays) await createCopies(ownerKnex, replay.tables);
    // Alone, a projection is better off reading only its own event types (chaseAndDiff does).
    if (replays.length > 1) await replayTogether(replays, store, ownerKnex, progress);
    const reports: RebuildReport[] = [];
    for (const replay of replays) reports.push(await chaseAndDiff(replay, store, ownerKnex, progress));
    return reports;
  } finally {
    if (!options.keep)
      for (const replay of replays)
        for (const copy of Object.values(replay.tables)) await ownerKnex.schema.dropTableIfExists(copy);
  }
}

interface Progress {
  events: number;
  report?: (eventsReplayed: number) => void;
}

function rebuildTables(projection: Projection): TableNames {
  return Object.fromEntries(projection.tables.map((table) => [table, `${table}__rebuild`]));
}

async function createCopies(ownerKnex: Knex, tables: TableNames): Promise<void> {
  for (const [live, copy] of Object.entries(tables)) {
    await ownerKnex.raw('drop table if exists ??; create table ?? (like ?? including all)', [copy, copy, live]);
  }
}

/** The first round: every projection from position 0 up to its live checkpoint, in one feed pass. */
async function replayTogether(
  replays: readonly Replay[],
  store: EventStore,
  ownerKnex: Knex,
  progress: Progress,
): Promise<void> {
  const checkpoints = new ProjectionCheckpointsRepository(ownerKnex);
  const targets = new Map<Replay, GlobalPosition>();
  for (const replay of replays) {
    const target = await checkpoints.load(replay.projection.name);
    if (target !== null) targets.set(replay, target);
  }
  if (targets.size === 0) return;
  for await (const page of feedPages(store, { fromPosition: null })) {
    const applies = [...targets].map(([replay, target]) => {
      const end = page.findIndex((event) => event.position === target);
      if (end !== -1) targets.delete(replay);
      return applyPage(ownerKnex, replay, end === -1 ? page : page.slice(0, end + 1));
    });
    // Settle them all before failing, so no transaction still runs while the copies are dropped.
    const failure = (await Promise.allSettled(applies)).find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    reportProgress(progress, page.length);
    if (targets.size === 0) return;
  }
  throw new Error(
    `the feed ended before the live checkpoints of ${[...targets.keys()].map((replay) => replay.projection.name).join(', ')}`,
  );
}

/** Diffs once the replay is where the live checkpoint is, catching up while it still moves. */
async function chaseAndDiff(
  replay: Replay,
  store: EventStore,
  ownerKnex: Knex,
  progress: Progress,
): Promise<RebuildReport> {
  const { projection, tables } = replay;
  const checkpoints = new ProjectionCheckpointsRepository(ownerKnex);
  for (let round = 0; round < MAX_CATCH_UP_ROUNDS; round += 1) {
    const diff = await diffAtPosition(ownerKnex, projection, tables, replay.position);
    if (diff)
      return {
        projection: projection.name,
        position: replay.position,
        eventsReplayed: replay.eventsReplayed,
        equal: diff.every(isEqual),
        tables: diff,
      };
    const target = await checkpoints.load(projection.name);
    if (target === null || target === replay.position) continue;
    const eventTypes = projection.canHandle === 'all' ? undefined : projection.canHandle;
    for await (const events of feedPages(store, { fromPosition: replay.position, toPosition: target, eventTypes })) {
      await applyPage(ownerKnex, replay, events);
      reportProgress(progress, events.length);
    }
    // The read stopped at the target, which may be an event of a type this projection skips.
    replay.position = target;
  }
  throw new Error(
    `${projection.name} kept moving for ${MAX_CATCH_UP_ROUNDS} rounds; try again when the system is quieter`,
  );
}

function reportProgress(progress: Progress, events: number): void {
  progress.events += events;
  progress.report?.(progress.events);
}

/** Pages of the feed as `read` selects them, the next one read while the caller applies this one. */
async function* feedPages(store: EventStore, read: Omit<ReadAllOptions, 'maxCount'>): AsyncGenerator<RecordedEvent[]> {
  let next = store.readAll({ ...read, maxCount: REPLAY_PAGE });
  try {
    for (;;) {
      const page = await next;
      if (page.length === 0) return;
      next = store.readAll({ ...read, fromPosition: page[page.length - 1].position, maxCount: REPLAY_PAGE });
      yield page;
    }
  } finally {
    // A read-ahead nobody will await must not fail as an unhandled rejection.
    next.catch(() => undefined);
  }
}

async function applyPage(ownerKnex: Knex, replay: Replay, events: RecordedEvent[]): Promise<void> {
  const handled = handledEvents(replay.projection, events);
  if (handled.length > 0)
    await ownerKnex.transaction((transaction) => replay.projection.apply(transaction, handled, replay.tables));
  replay.position = events[events.length - 1].position;
  replay.eventsReplayed += handled.length;
}

/** Diffs in one snapshot, or returns null if the live checkpoint is no longer at `position`. */
async function diffAtPosition(
  knex: Knex,
  projection: Projection,
  tables: TableNames,
  position: GlobalPosition | null,
): Promise<TableDiff[] | null> {
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
  const side = (left: string, right: string) =>
    knex.raw<{ rows: unknown[] }>('select * from ?? except all select * from ??', [left, right]);
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
