import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import {
  decideOnStream,
  foldEvents,
  type DecisionResult,
  type WriteContext,
} from '../../platform/event-store/stream-decider';
import { taskStream } from '../domain/task-accepted.events';
import type { TaskEvent } from '../domain/task.events';
import { taskDecider, type TaskState } from '../domain/task.state';
import { ventureStream, type VentureEvent } from '../domain/venture.events';
import { ventureDecider, type VentureState } from '../domain/venture.state';
import type { CommandContext } from '../../identity/identity.contract';

/**
 * Runs pure venture and task decisions against their streams. A task decision also sees its
 * venture, read but never written: the owner is fixed at creation, so no write spans two streams.
 */
@Injectable()
export class VenturesStreamWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  writeVenture(
    ventureId: string,
    context: CommandContext,
    decide: (state: VentureState) => VentureEvent[],
  ): Promise<DecisionResult<VentureState, VentureEvent>> {
    return decideOnStream({
      store: this.store,
      streamId: ventureStream(ventureId),
      decider: ventureDecider,
      decide,
      commandId: context.commandId,
      metadata: this.metadata(context),
    });
  }

  /** `ventureId` when the caller knows it (posting); otherwise it is read from the task's first event. */
  async writeTask(
    taskId: string,
    context: CommandContext,
    decide: (state: TaskState, venture: VentureState) => TaskEvent[],
    ventureId?: string,
  ): Promise<DecisionResult<TaskState, TaskEvent>> {
    const venture = await this.loadVenture(ventureId ?? (await this.ventureIdOfTask(taskId)));
    return decideOnStream({
      store: this.store,
      streamId: taskStream(taskId),
      decider: taskDecider,
      decide: (state) => decide(state, venture),
      commandId: context.commandId,
      metadata: this.metadata(context),
    });
  }

  async loadVenture(ventureId: string | null): Promise<VentureState> {
    if (ventureId === null) return ventureDecider.initialState;
    return foldEvents(ventureDecider, await this.store.readStream(ventureStream(ventureId)));
  }

  /** TaskPosted and TaskAccepted both name the venture; a task that does not exist has none. */
  async ventureIdOfTask(taskId: string): Promise<string | null> {
    const first = (await this.store.readStream(taskStream(taskId), { maxCount: 1 })).at(0);
    return typeof first?.data.ventureId === 'string' ? first.data.ventureId : null;
  }

  metadata(context: CommandContext): WriteContext {
    return {
      occurredAt: this.clock.now().toISOString(),
      actorId: context.actorId,
      correlationId: context.correlationId ?? context.commandId,
      causationId: null,
    };
  }
}
