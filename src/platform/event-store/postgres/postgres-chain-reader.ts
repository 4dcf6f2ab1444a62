import type pg from 'pg';
import type { StoredChainLink } from '../../chain/chain-verifier';

export interface ChainRow {
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  prev_hash: Buffer;
  hash: Buffer;
}

/**
 * One stored event as the keyset reader fetches it (pg's array row mode, no per-row object):
 * the revision as int8 decimal text and both hashes as lowercase hex, in this column order.
 */
export type ChainRowValues = [
  streamId: string,
  revision: string,
  eventId: string,
  type: string,
  dataText: string,
  metadataText: string,
  prevHashHex: string,
  hashHex: string,
];

const CHAIN_PAGE_ROWS = 5000;

/** The select list of the keyset read, in ChainRowValues' column order. */
const CHAIN_ROW_COLUMNS = `stream_id, revision, event_id, type, data, metadata, encode(prev_hash, 'hex'), encode(hash, 'hex')`;

/**
 * Every stored event in (stream, revision) order, in pages, by keyset on the unique index.
 * Reads everything committed, including rows the feed does not show yet: verification must
 * see what is on disk. Rows come in pg's array mode with the hashes as hex text, the form the
 * verifier compares, so pg builds no row object and no Buffer per row.
 */
export async function* readChainRows(pool: pg.Pool, options: ChainPageOptions = {}): AsyncGenerator<ChainRowValues[]> {
  const pageSize = options.pageSize ?? CHAIN_PAGE_ROWS;
  const page = (after: readonly [string, string]) => readChainPage(pool, after, { ...options, pageSize });
  // The next page is asked for as soon as this one arrives (its keyset start is this page's last
  // row), so PostgreSQL reads and sends it while the caller checks this one.
  let next: Promise<pg.QueryArrayResult<ChainRowValues>> | null = page([options.streamId ?? '', '-1']);
  try {
    while (next) {
      const { rows } = await next;
      next = null;
      if (rows.length === 0) return;
      const last = rows[rows.length - 1];
      if (rows.length === pageSize) next = page([last[0], last[1]]);
      yield rows;
    }
  } finally {
    // A caller that stops early (the first break) leaves a read in flight: let it finish unobserved.
    next?.catch(() => undefined);
  }
}

export interface ChainPageOptions {
  /** Only this stream; all streams when absent. */
  streamId?: string;
  pageSize?: number;
}

/** One page of readChainRows: the rows after `after` (stream id, revision text), in key order. */
export async function readChainPage(
  pool: pg.Pool,
  after: readonly [string, string],
  options: ChainPageOptions = {},
): Promise<pg.QueryArrayResult<ChainRowValues>> {
  return pool.query<ChainRowValues, unknown[]>({
    name: options.streamId ? 'chain_rows_of_stream' : 'chain_rows',
    text: `select ${CHAIN_ROW_COLUMNS} from events
           where (stream_id, revision) > ($1, $2::bigint) ${options.streamId ? 'and stream_id = $1' : ''}
           order by stream_id, revision limit $3`,
    values: [...after, options.pageSize ?? CHAIN_PAGE_ROWS],
    rowMode: 'array',
  });
}

export function linkOfRow(row: ChainRowValues): StoredChainLink {
  const [streamId, revision, eventId, type, dataText, metadataText, prevHash, hash] = row;
  return { streamId, revision: BigInt(revision), eventId, type, dataText, metadataText, prevHash, hash };
}

export function toLink(row: ChainRow): StoredChainLink {
  return {
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    eventId: row.event_id,
    type: row.type,
    dataText: row.data,
    metadataText: row.metadata,
    prevHash: row.prev_hash.toString('hex'),
    hash: row.hash.toString('hex'),
  };
}
