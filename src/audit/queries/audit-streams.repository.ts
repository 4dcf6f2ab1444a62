import type { Knex } from 'knex';

export interface StreamListing {
  streamId: string;
  category: string;
  eventCount: number;
  lastRevision: string;
  lastHash: string;
  lastEventType: string;
  lastOccurredAt: string;
}

interface LedgerStreamRow {
  stream_id: string;
  category: string;
  event_count: string;
  last_revision: string;
  last_hash: string;
  last_event_type: string;
  last_occurred_at: string;
}

/** The auditors' stream browser, over the ledger_streams read model; keyset-paged by stream id. */
export class AuditStreamsRepository {
  constructor(private readonly knex: Knex) {}

  async page(options: { category?: string; after?: string; limit: number }): Promise<StreamListing[]> {
    const query = this.knex<LedgerStreamRow>('ledger_streams').orderBy('stream_id').limit(options.limit);
    if (options.category) query.where({ category: options.category });
    if (options.after) query.where('stream_id', '>', options.after);
    const rows = await query;
    return rows.map((row) => ({
      streamId: row.stream_id,
      category: row.category,
      eventCount: Number(row.event_count),
      lastRevision: row.last_revision,
      lastHash: row.last_hash,
      lastEventType: row.last_event_type,
      lastOccurredAt: row.last_occurred_at,
    }));
  }
}
