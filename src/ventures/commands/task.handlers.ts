import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DecisionResult } from '../../platform/event-store/stream-decider';
import { decideTask } from '../domain/task.decide';
import type { TaskEvent } from '../domain/task.events';
import { statusAfter, type TaskState } from '../domain/task.state';
import { ClaimTask, ReviewTask, SubmitTask, type TaskStep } from './venture.commands';
import { VenturesStreamWriter } from './ventures-stream.writer';

/** From the command's own events, so a replayed command answers what it answered the first time. */
function stepOf(taskId: string, result: DecisionResult<TaskState, TaskEvent>): TaskStep {
  const last = result.events.at(-1);
  return { taskId, status: last ? statusAfter(last) : (result.state.status ?? 'OPEN') };
}

@CommandHandler(ClaimTask)
export class ClaimTaskHandler implements ICommandHandler<ClaimTask, TaskStep> {
  constructor(private readonly writer: VenturesStreamWriter) {}

  async execute({ taskId, context }: ClaimTask): Promise<TaskStep> {
    return stepOf(
      taskId,
      await this.writer.writeTask(taskId, context, (state, venture) =>
        decideTask({ type: 'ClaimTask', taskId, actorId: context.actorId as string, venture }, state),
      ),
    );
  }
}

@CommandHandler(SubmitTask)
export class SubmitTaskHandler implements ICommandHandler<SubmitTask, TaskStep> {
  constructor(private readonly writer: VenturesStreamWriter) {}

  async execute({ taskId, submission, context }: SubmitTask): Promise<TaskStep> {
    return stepOf(
      taskId,
      await this.writer.writeTask(taskId, context, (state) =>
        decideTask({ type: 'SubmitTask', taskId, actorId: context.actorId as string, ...submission }, state),
      ),
    );
  }
}

@CommandHandler(ReviewTask)
export class ReviewTaskHandler implements ICommandHandler<ReviewTask, TaskStep> {
  constructor(private readonly writer: VenturesStreamWriter) {}

  async execute({ taskId, review, context }: ReviewTask): Promise<TaskStep> {
    const reviewerId = context.actorId as string;
    return stepOf(
      taskId,
      await this.writer.writeTask(taskId, context, (state, venture) =>
        decideTask({ type: 'ReviewTask', taskId, review: { reviewerId, ...review }, venture }, state),
      ),
    );
  }
}
