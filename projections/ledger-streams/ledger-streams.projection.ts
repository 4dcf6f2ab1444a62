import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { categoryOf } from '../../src/platform/event-store/event-naming';
import type { Projection } from '../../src/platform/projections/projection';
import { upsertStreamSummaries } from './ledger-streams.repository';

/** The head of one stream, as the status page and the auditors' stream browser list it. */
export interface StreamSummary {
  streamId: string;
  category: string;
  lastRevision: bigint;
  lastHash: string;
  lastEventType: string;
  lastOccurredAt: string;
}

/** Pure: the summary after one more event of the same stream. */
export function evolveStreamSummary(summary: StreamSummary | undefined, event: RecordedEvent): StreamSummary {
  if (summary && summary.lastRevision >= event.revision) return summary;
  return {
    streamId: event.streamId,
    category: categoryOf(event.streamId),
    lastRevision: event.revision,
    lastHash: event.hash,
    lastEventType: event.type,
    lastOccurredAt: event.metadata.occurredAt,
  };
}

/** Folds a batch to one summary per stream, then upserts each once. */
export const ledgerStreamsProjection: Projection = {
  name: 'ledger_streams',
  tables: ['ledger_streams'],
  canHandle: 'all',
  async apply(transaction, events, tables) {
    const summaries = new Map<string, StreamSummary>();
    for (const event of events) summaries.set(event.streamId, evolveStreamSummary(summaries.get(event.streamId), event));
    await upsertStreamSummaries(transaction, tables.ledger_streams, [...summaries.values()]);
  },
};
