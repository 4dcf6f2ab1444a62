import type { Knex } from 'knex';

export interface EventSearch {
  eventId?: string;
  streamId?: string;
  type?: string;
  /** Recorded at or after this instant. */
  from?: Date;
  /** Recorded before this instant. */
  to?: Date;
  /** The global position to continue after (keyset paging). */
  after?: bigint;
  limit: number;
}

export interface FoundEvent {
  globalPosition: string;
  streamId: string;
  revision: string;
  eventId: string;
  type: string;
  recordedAt: string;
  hash: string;
}

interface FoundEventRow {
  global_position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  recorded_at: Date;
  hash: Buffer;
}

/**
 * The auditors' search of the whole log by event id, stream, type and time recorded, straight
 * from the events table (not a read model: what is searched is what was hashed), in log order.
 */
export class AuditEventSearchRepository {
  constructor(private readonly knex: Knex) {}

  async search(search: EventSearch): Promise<FoundEvent[]> {
    const query = this.knex<FoundEventRow>('events')
      .select('global_position', 'stream_id', 'revision', 'event_id', 'type', 'recorded_at', 'hash')
      .orderBy('global_position')
      .limit(search.limit);
    if (search.eventId) query.where('event_id', search.eventId);
    if (search.streamId) query.where('stream_id', search.streamId);
    if (search.type) query.where('type', search.type);
    if (search.from) query.where('recorded_at', '>=', search.from);
    if (search.to) query.where('recorded_at', '<', search.to);
    if (search.after !== undefined) query.where('global_position', '>', search.after.toString());
    const rows = (await query) as FoundEventRow[];
    return rows.map((row) => ({
      globalPosition: row.global_position,
      streamId: row.stream_id,
      revision: row.revision,
      eventId: row.event_id,
      type: row.type,
      recordedAt: row.recorded_at.toISOString(),
      hash: row.hash.toString('hex'),
    }));
  }
}
