import type pg from 'pg';
import type { GlobalPosition } from '../event-store.port';
import { parseFeedPosition } from './postgres-event-row';

export interface FeedLag {
  /** Events after the checkpoint, counted up to `cap`. */
  eventsBehind: number;
  /** Age of the oldest event not yet applied; 0 when caught up. */
  lagMs: number;
}

const CAP = 100_000;

/** How far a checkpoint trails the stored feed (counting stops at CAP to stay cheap). */
export async function feedLagAfter(pool: pg.Pool, checkpoint: GlobalPosition | null): Promise<FeedLag> {
  const { txId, position } = parseFeedPosition(checkpoint);
  const { rows } = await pool.query<{ behind: number; oldest_ms: number | null }>({
    name: 'feed_lag',
    text: `select (select count(*)::int from (select 1 from events where (tx_id, global_position) > ($1::xid8, $2::bigint) limit ${CAP}) as capped) as behind,
                  (select (extract(epoch from clock_timestamp() - recorded_at) * 1000)::float8 from events
                     where (tx_id, global_position) > ($1::xid8, $2::bigint) order by tx_id, global_position limit 1) as oldest_ms`,
    values: [txId, position],
  });
  return { eventsBehind: rows[0].behind, lagMs: Math.max(0, Math.round(rows[0].oldest_ms ?? 0)) };
}
