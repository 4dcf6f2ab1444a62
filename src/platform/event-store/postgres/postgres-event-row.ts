import type { EventMetadata, GlobalPosition, RecordedEvent } from '../event-store.port';
import type { JsonObject } from '../../../shared-kernel/json';

export interface EventRow {
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  tx_id: string;
  global_position: string;
  prev_hash: Buffer;
  hash: Buffer;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    eventId: row.event_id,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    dataText: row.data,
    metadataText: row.metadata,
    position: `${row.tx_id}:${row.global_position}`,
    prevHash: row.prev_hash.toString('hex'),
    hash: row.hash.toString('hex'),
  };
}

const FEED_POSITION = /^(\d+):(\d+)$/;

/** `"<txid>:<global_position>"`; `null` is the start of the feed. */
export function parseFeedPosition(position: GlobalPosition | null): { txId: string; position: string } {
  if (position === null) return { txId: '0', position: '0' };
  const match = FEED_POSITION.exec(position);
  if (!match) throw new Error(`Not a PostgreSQL feed position: "${position}"`);
  return { txId: match[1], position: match[2] };
}
