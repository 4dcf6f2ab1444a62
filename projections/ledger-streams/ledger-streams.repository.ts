import type { Knex } from 'knex';
import { upsertRows } from '../../src/platform/projections/projection-rows';

/** The head of one stream, as the status page and the auditors' stream browser list it. */
export interface StreamSummary {
  streamId: string;
  category: string;
  lastRevision: bigint;
  lastHash: string;
  lastEventType: string;
  lastOccurredAt: string;
}

/**
 * Keeps the newest head per stream. The `where` makes a replayed (older) summary a no-op, so
 * delivering a batch twice changes nothing; event_count follows from the contiguous revisions.
 */
export async function upsertStreamSummaries(
  knex: Knex.Transaction,
  table: string,
  summaries: StreamSummary[],
): Promise<void> {
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
