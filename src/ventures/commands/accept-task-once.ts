import type { EventMetadata, EventStore, RecordedEvent } from '../../platform/event-store/event-store.port';
import { derivedId } from '../../shared-kernel/ids';
import { retryOnRace } from '../../platform/event-store/stream-decider';
import { taskStream, type TaskAcceptedData } from '../domain/task-accepted.events';

export interface AcceptOutcome {
  accepted: TaskAcceptedData;
  /** True when the task had already been accepted, by this path or the other one. */
  alreadyAccepted: boolean;
}

/**
 * The one way TaskAccepted is written, shared by the portal (owner accepts) and the
 * integration endpoint. Its event id comes from the task alone, and an existing acceptance is
 * returned as is, so a task is accepted — and paid — once, whichever path and however many
 * concurrent requests get there. `decide` sees the task's history and returns the acceptance or
 * throws a DomainError. `firstTryAsNew` is for callers whose decision does not read the history
 * (an integration's acceptance): the first attempt appends as the stream's first event without
 * reading it, and only a stream that exists already costs the read.
 */
export async function acceptTaskOnce(
  store: EventStore,
  taskId: string,
  metadata: EventMetadata,
  decide: (history: RecordedEvent[]) => TaskAcceptedData,
  { firstTryAsNew = false }: { firstTryAsNew?: boolean } = {},
): Promise<AcceptOutcome> {
  const streamId = taskStream(taskId);
  return retryOnRace(20, async (attempt) => {
    const history = firstTryAsNew && attempt === 1 ? [] : await store.readStream(streamId);
    const existing = history.find((event) => event.type === 'TaskAccepted');
    if (existing) return { accepted: existing.data as TaskAcceptedData, alreadyAccepted: true };
    const accepted = decide(history);
    await store.append(streamId, [{ eventId: derivedId('task-accepted', taskId), type: 'TaskAccepted', data: accepted, metadata }], {
      expectedRevision: history.length === 0 ? 'no_stream' : history[history.length - 1].revision,
    });
    return { accepted, alreadyAccepted: false };
  });
}
