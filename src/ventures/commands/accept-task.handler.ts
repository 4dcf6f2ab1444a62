import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import type { TaskAcceptedData } from '../domain/task-accepted.events';
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
    // A task that does not exist has no venture: the decider then refuses it as not found.
    const venture = await this.writer.loadVenture(await this.writer.ventureIdOfTask(taskId));
    const metadata = { ...this.writer.metadata(context), commandId: context.commandId };
    const command = {
      type: 'AcceptTask' as const,
      taskId,
      venture,
      actorId,
      helpfulReviewerIds,
      acceptedAt: metadata.occurredAt,
    };
    const { accepted } = await acceptTaskOnce(this.store, taskId, metadata, command);
    return accepted;
  }
}
