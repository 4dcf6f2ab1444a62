import type { Knex } from 'knex';

/**
 * Statements for set-based applies: a batch loads the rows its events touch in one query, folds
 * the events into final row states in memory (a pure evolve per projection), and writes those
 * back in one statement. A batch then costs two or three round trips instead of one or more per
 * event, which is what made rebuilds and the live runners slow.
 */

/** PostgreSQL type of a key column: the keys travel as one array parameter of that type. */
export type KeyType = 'uuid' | 'text';

/** The rows of `table` whose `keyColumn` is one of `keys`, as pg returns them (bigint as text). */
export async function rowsByKey<Row>(
  knex: Knex.Transaction,
  table: string,
  keyColumn: string,
  keyType: KeyType,
  keys: Iterable<string>,
): Promise<Row[]> {
  const keyList = [...new Set(keys)];
  if (keyList.length === 0) return [];
  const result = await knex.raw<{ rows: Row[] }>(`select * from ?? where ?? = any(?::${keyType}[])`, [
    table,
    keyColumn,
    keyList,
  ]);
  return result.rows;
}

export interface UpsertOptions {
  /** Primary-key columns: a row that exists is updated (or left alone, see `newerBy`). */
  conflictColumns: readonly string[];
  /** A revision column: an existing row is only overwritten by a row with a higher value. */
  newerBy?: string;
  /** Insert missing rows and leave existing ones untouched (append-only tables). */
  insertOnly?: boolean;
}

/**
 * Writes whole rows in one `insert … on conflict`. They travel as a single JSON parameter read
 * with the table's own row type (json_populate_recordset), so a batch of any size is one
 * statement with one bind value, and the column types come from the table itself. Each row must
 * carry the same columns, with bigints as strings, and a key may occur only once.
 */
export async function upsertRows(
  knex: Knex.Transaction,
  table: string,
  rows: readonly object[],
  options: UpsertOptions,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const columnList = columns.map(quoted).join(', ');
  const updated = columns.filter((column) => !options.conflictColumns.includes(column));
  const onConflict = options.insertOnly
    ? 'do nothing'
    : `do update set ${updated.map((column) => `${quoted(column)} = excluded.${quoted(column)}`).join(', ')}` +
      (options.newerBy
        ? ` where ${quoted(table)}.${quoted(options.newerBy)} < excluded.${quoted(options.newerBy)}`
        : '');
  await knex.raw(
    `insert into ?? (${columnList}) select ${columnList} from json_populate_recordset(null::??, ?::json)
     on conflict (${options.conflictColumns.map(quoted).join(', ')}) ${onConflict}`,
    [table, table, JSON.stringify(rows)],
  );
}

/** Adds signed integer deltas to counter columns of existing rows, one statement for all keys. */
export async function addToCounters<Counter extends string>(
  knex: Knex.Transaction,
  table: string,
  key: { column: string; type: KeyType },
  deltas: ReadonlyMap<string, Readonly<Record<Counter, number>>>,
  counters: readonly Counter[],
): Promise<void> {
  if (deltas.size === 0) return;
  const rows = [...deltas].map(([key, delta]) => ({ key, ...delta }));
  const recordType = [`key ${key.type}`, ...counters.map((counter) => `${quoted(counter)} bigint`)].join(', ');
  const assignments = counters
    .map((counter) => `${quoted(counter)} = target.${quoted(counter)} + delta.${quoted(counter)}`)
    .join(', ');
  await knex.raw(
    `update ?? as target set ${assignments} from json_to_recordset(?::json) as delta(${recordType}) where target.?? = delta.key`,
    [table, JSON.stringify(rows), key.column],
  );
}

/** Identifiers here are the projections' own table and column names, never input. */
function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
