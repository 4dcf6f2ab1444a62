import type { EventMetadata, EventStore } from '../../platform/event-store/event-store.port';
import { foldEvents, retryOnRace } from '../../platform/event-store/stream-decider';
import { derivedId } from '../../shared-kernel/ids';
import { taskStream, type TaskAcceptedData } from '../domain/task-accepted.events';
import { decideTask, type TaskCommand } from '../domain/task.decide';
import { taskDecider } from '../domain/task.state';

export interface AcceptOutcome {
  accepted: TaskAcceptedData;
  /** True when the task had already been accepted, by this path or the other one. */
  alreadyAccepted: boolean;
}

/**
 * The one way TaskAccepted is written, shared by the portal (owner accepts) and the
 * integration endpoint. Its event id comes from the task alone, and an existing acceptance is
 * returned as is, so a task is accepted — and paid — once, whichever path and however many
 * concurrent requests get there. The task's decider decides on the task's history first, so it
 * refuses whom it must even when the acceptance exists (only the owner gets the recorded one
 * through the portal); an existing acceptance is then returned instead of a new one. `firstTryAsNew` is for commands whose decision does not read the
 * history (an integration's acceptance): the first attempt appends as the stream's first event
 * without reading it, and only a stream that exists already costs the read.
 */
export async function acceptTaskOnce(
  store: EventStore,
  taskId: string,
  metadata: EventMetadata,
  command: Extract<TaskCommand, { type: 'AcceptTask' | 'RecordIntegrationAcceptance' }>,
  { firstTryAsNew = false }: { firstTryAsNew?: boolean } = {},
): Promise<AcceptOutcome> {
  const streamId = taskStream(taskId);
  return retryOnRace(20, async (attempt) => {
    const history = firstTryAsNew && attempt === 1 ? [] : await store.readStream(streamId);
    const event = decideTask(command, foldEvents(taskDecider, history)).at(0);
    const existing = history.find((recorded) => recorded.type === 'TaskAccepted');
    if (existing) return { accepted: existing.data as TaskAcceptedData, alreadyAccepted: true };
    if (event?.type !== 'TaskAccepted') throw new Error(`${command.type} on task ${taskId} decided no acceptance`);
    await store.append(
      streamId,
      [{ eventId: derivedId('task-accepted', taskId), type: 'TaskAccepted', data: event.data, metadata }],
      {
        expectedRevision: history.length === 0 ? 'no_stream' : history[history.length - 1].revision,
      },
    );
    return { accepted: event.data, alreadyAccepted: false };
  });
}
