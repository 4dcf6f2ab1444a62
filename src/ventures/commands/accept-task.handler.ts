import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { foldEvents } from '../../platform/event-store/stream-decider';
import type { TaskAcceptedData } from '../domain/task-accepted.events';
import { acceptTask } from '../domain/task.decide';
import { TaskNotFoundError } from '../domain/task.errors';
import { taskDecider } from '../domain/task.state';
import { requireVentureOwner } from '../domain/venture.decide';
import { acceptTaskOnce } from './accept-task-once';
import { AcceptTask } from './venture.commands';
import { VenturesStreamWriter } from './ventures-stream.writer';

/** The owner accepts in the portal; a repeated or racing accept answers with the one acceptance recorded. */
@CommandHandler(AcceptTask)
export class AcceptTaskHandler implements ICommandHandler<AcceptTask, TaskAcceptedData> {
  constructor(
    private readonly writer: VenturesStreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ taskId, helpfulReviewerIds, context }: AcceptTask): Promise<TaskAcceptedData> {
    const actorId = context.actorId as string;
    const ventureId = await this.writer.ventureIdOfTask(taskId);
    if (ventureId === null) throw new TaskNotFoundError(taskId);
    const venture = await this.writer.loadVenture(ventureId);
    // Checked before acceptTaskOnce, which hands out a recorded acceptance without deciding: only the owner gets it.
    requireVentureOwner(venture, ventureId, actorId, 'accept its tasks');
    const metadata = { ...this.writer.metadata(context), commandId: context.commandId };
    const request = { actorId, helpfulReviewerIds, acceptedAt: metadata.occurredAt };
    const { accepted } = await acceptTaskOnce(this.store, taskId, metadata, (history) => acceptTask(foldEvents(taskDecider, history), venture, taskId, request));
    return accepted;
  }
}
