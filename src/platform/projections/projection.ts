import type { Knex } from 'knex';
import type { RecordedEvent } from '../event-store/event-store.port';

/** Physical table names for a projection's logical tables: the live ones, or rebuild copies. */
export type TableNames = Readonly<Record<string, string>>;

/**
 * A read model fed by the global feed. `apply` runs inside the transaction that also advances
 * the checkpoint, and must be deterministic (derived only from events), so a rebuild from
 * position 0 equals the live table. It should also be idempotent, because the feed is
 * at-least-once by contract.
 */
export interface Projection {
  readonly name: string;
  /** Live tables the projection owns; created by migrations. */
  readonly tables: readonly string[];
  /** Event types it reads, or 'all'. Other events only advance the checkpoint. */
  readonly canHandle: readonly string[] | 'all';
  apply(transaction: Knex.Transaction, events: readonly RecordedEvent[], tables: TableNames): Promise<void>;
}

export const PROJECTIONS = Symbol('Projections');

export function liveTables(projection: Projection): TableNames {
  return Object.fromEntries(projection.tables.map((table) => [table, table]));
}

/** The events of a batch that a projection or a reactor takes. */
export function handledEvents(
  { canHandle }: Pick<Projection, 'canHandle'>,
  events: readonly RecordedEvent[],
): RecordedEvent[] {
  return canHandle === 'all' ? [...events] : events.filter((event) => canHandle.includes(event.type));
}
