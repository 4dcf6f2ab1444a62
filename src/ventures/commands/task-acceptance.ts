import { EventIdConflictError, WrongExpectedVersionError } from '../../platform/event-store/event-store.errors';
import type { EventMetadata, EventStore } from '../../platform/event-store/event-store.port';
import { foldEvents } from '../../platform/event-store/stream-decider';
import { derivedId } from '../../platform/ids/ids';
import { taskStream, type TaskAcceptedData } from '../domain/task-accepted';
import { taskDecider, type TaskState } from '../domain/task.state';

export interface RecordAcceptanceOptions {
  store: EventStore;
  taskId: string;
  /**
   * Pure: the acceptance for this task's state — the recorded one if `state.accepted` is set —
   * or throws a DomainError to refuse. Called again after every lost race.
   */
  decide(state: TaskState): TaskAcceptedData;
  metadata: EventMetadata;
  maxAttempts?: number;
}

export interface RecordedAcceptance {
  accepted: TaskAcceptedData;
  /** False when the task had been accepted already, by this path or the other one. */
  written: boolean;
}

/** The one id a task's acceptance can ever have, whichever path (portal or integration) records it. */
export function taskAcceptedEventId(taskId: string): string {
  return derivedId('task-accepted', taskId);
}

/**
 * Appends TaskAccepted at most once per task. Unlike decideOnStream, the event id comes from the
 * task, not the command, so two different requests (or the portal and an integration) that race
 * cannot both accept: the loser reloads, finds the winner's event and returns it.
 */
export async function recordTaskAcceptance(options: RecordAcceptanceOptions): Promise<RecordedAcceptance> {
  const streamId = taskStream(options.taskId);
  const attempts = options.maxAttempts ?? 50;
  for (let attempt = 1; ; attempt += 1) {
    const history = await options.store.readStream(streamId);
    const state = foldEvents(taskDecider, history);
    const accepted = options.decide(state);
    if (state.accepted) return { accepted: state.accepted, written: false };
    try {
      const event = { eventId: taskAcceptedEventId(options.taskId), type: 'TaskAccepted', data: accepted, metadata: options.metadata };
      await options.store.append(streamId, [event], { expectedRevision: history.length === 0 ? 'no_stream' : history[history.length - 1].revision });
      return { accepted, written: true };
    } catch (error) {
      const raced = error instanceof WrongExpectedVersionError || error instanceof EventIdConflictError;
      if (!raced || attempt >= attempts) throw error;
    }
  }
}
