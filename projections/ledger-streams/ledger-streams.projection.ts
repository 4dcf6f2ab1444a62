import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { categoryOf } from '../../src/platform/event-store/event-naming';
import type { Projection } from '../../src/platform/projections/projection';
import { LEDGER_STREAMS } from './ledger-streams.contract';
import { upsertStreamSummaries, type StreamSummary } from './ledger-streams.repository';

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
  name: LEDGER_STREAMS,
  tables: ['ledger_streams'],
  canHandle: 'all',
  async apply(transaction, events, tables) {
    const summaries = new Map<string, StreamSummary>();
    for (const event of events)
      summaries.set(event.streamId, evolveStreamSummary(summaries.get(event.streamId), event));
    await upsertStreamSummaries(transaction, tables.ledger_streams, [...summaries.values()]);
  },
};
