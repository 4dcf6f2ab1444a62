import type pg from 'pg';
import { CHECKPOINT_STREAM, loggedCheckpointOf, type LoggedCheckpoint } from '../checkpoints/checkpoint';
import { toLink, type ChainRow } from '../../platform/event-store/postgres/postgres-chain-reader';
import { toRecordedEvent, type EventRow } from '../../platform/event-store/postgres/postgres-event-row';
import type { LogEvent } from './log-verifier';

/** Every stored column of an event, with its leaf: what the export writes and verification reads. */
export interface LogRow extends LogEvent {
  txId: string;
  globalPosition: string;
  recordedAt: string;
}

interface LogRowRecord extends ChainRow {
  tx_id: string;
  global_position: string;
  recorded_at: Date;
  leaf_index: string | null;
  leaf_hash: Buffer | null;
}

/**
 * Runs `work` in one REPEATABLE READ, READ ONLY transaction, so events, leaves and checkpoints
 * are all read at the same instant while the ledger keeps taking writes.
 */
export async function withSnapshot<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * All stored events in feed order (tx_id, global_position), with their leaves, in pages by
 * keyset. Unlike the feed it does not stop at the oldest running transaction: verification and
 * export must see every committed row.
 */
export async function* readLogInFeedOrder(client: pg.ClientBase, pageSize = 5000): AsyncGenerator<LogRow[]> {
  let after: [string, string] = ['0', '0'];
  for (;;) {
    const { rows } = await client.query<LogRowRecord>({
      name: 'audit_log_in_feed_order',
      text: `select e.tx_id, e.global_position, e.stream_id, e.revision, e.event_id, e.type, e.data, e.metadata, e.prev_hash, e.hash,
                    e.recorded_at, l.leaf_index, l.leaf_hash
             from events e left join merkle_leaves l on l.event_id = e.event_id
             where (e.tx_id, e.global_position) > ($1::xid8, $2::bigint)
             order by e.tx_id, e.global_position limit $3`,
      values: [...after, pageSize],
    });
    if (rows.length === 0) return;
    yield rows.map(toLogRow);
    const last = rows[rows.length - 1];
    after = [last.tx_id, last.global_position];
    if (rows.length < pageSize) return;
  }
}

/** The well-formed checkpoints of the log, oldest first; a malformed one is verification's to report. */
export async function readLoggedCheckpoints(client: pg.ClientBase): Promise<LoggedCheckpoint[]> {
  const { rows } = await client.query<EventRow>(
    `select stream_id, revision, event_id, type, data, metadata, tx_id, global_position, prev_hash, hash
     from events where stream_id = $1 order by revision`,
    [CHECKPOINT_STREAM],
  );
  return rows.flatMap((row) => checkpointOrNothing(row) ?? []);
}

function checkpointOrNothing(row: EventRow): LoggedCheckpoint | null {
  try {
    return loggedCheckpointOf(toRecordedEvent(row));
  } catch {
    // Data that is not even JSON: the chain check reports the event itself.
    return null;
  }
}

export async function countEvents(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ count: string }>('select count(*) from events');
  return Number(rows[0].count);
}

function toLogRow(row: LogRowRecord): LogRow {
  return {
    ...toLink(row),
    txId: row.tx_id,
    globalPosition: row.global_position,
    recordedAt: row.recorded_at.toISOString(),
    leafIndex: row.leaf_index === null ? null : Number(row.leaf_index),
    leafHash: row.leaf_hash?.toString('hex') ?? null,
  };
}
