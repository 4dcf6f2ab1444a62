import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { derivedId } from '../../shared-kernel/ids';
import { postTask } from '../domain/task.decide';
import { createVenture } from '../domain/venture.decide';
import { CreateVenture, PostTask } from './venture.commands';
import { VenturesStreamWriter } from './ventures-stream.writer';

/** Any member may found a venture and becomes its owner. */
@CommandHandler(CreateVenture)
export class CreateVentureHandler implements ICommandHandler<CreateVenture, { ventureId: string }> {
  constructor(private readonly writer: VenturesStreamWriter) {}

  async execute({ name, context }: CreateVenture): Promise<{ ventureId: string }> {
    const ventureId = derivedId(context.commandId, 'venture');
    await this.writer.writeVenture(ventureId, context, (state) => createVenture(state, { ventureId, name, ownerId: context.actorId as string }));
    return { ventureId };
  }
}

@CommandHandler(PostTask)
export class PostTaskHandler implements ICommandHandler<PostTask, { taskId: string }> {
  constructor(private readonly writer: VenturesStreamWriter) {}

  async execute({ ventureId, draft, context }: PostTask): Promise<{ taskId: string }> {
    const taskId = derivedId(context.commandId, 'task');
    await this.writer.writeTask(taskId, context, (state, venture) => postTask(state, venture, { taskId, ventureId, ...draft }, context.actorId as string), ventureId);
    return { taskId };
  }
}
