import type { Knex } from 'knex';
import { upsertRows } from '../../src/platform/projections/projection-rows';
import type { StreamSummary } from './ledger-streams.projection';

/**
 * Keeps the newest head per stream. The `where` makes a replayed (older) summary a no-op, so
 * delivering a batch twice changes nothing; event_count follows from the contiguous revisions.
 */
export async function upsertStreamSummaries(knex: Knex.Transaction, table: string, summaries: StreamSummary[]): Promise<void> {
  const rows = summaries.map((summary) => ({
    stream_id: summary.streamId,
    category: summary.category,
    last_revision: summary.lastRevision.toString(),
    last_hash: summary.lastHash,
    event_count: (summary.lastRevision + 1n).toString(),
    last_event_type: summary.lastEventType,
    last_occurred_at: summary.lastOccurredAt,
  }));
  await upsertRows(knex, table, rows, { conflictColumns: ['stream_id'], newerBy: 'last_revision' });
}

export interface LedgerTotals {
  events: number;
  streams: number;
}

export async function ledgerTotals(knex: Knex): Promise<LedgerTotals> {
  const row = await knex('ledger_streams').select<{ streams: string; events: string }[]>(knex.raw('count(*)::bigint as streams'), knex.raw('coalesce(sum(event_count), 0)::bigint as events')).first();
  return { events: Number(row?.events ?? 0), streams: Number(row?.streams ?? 0) };
}
