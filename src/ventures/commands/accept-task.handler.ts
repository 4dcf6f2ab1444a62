import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import type { TaskAcceptedData } from '../domain/task-accepted';
import { acceptTask } from '../domain/task.decide';
import { recordTaskAcceptance } from './task-acceptance';
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
    const venture = await this.writer.loadVenture(await this.writer.ventureIdOfTask(taskId));
    const metadata = { ...this.writer.metadata(context), commandId: context.commandId };
    const request = { actorId: context.actorId as string, helpfulReviewerIds, acceptedAt: metadata.occurredAt };
    const { accepted } = await recordTaskAcceptance({ store: this.store, taskId, metadata, decide: (state) => acceptTask(state, venture, taskId, request) });
    return accepted;
  }
}
