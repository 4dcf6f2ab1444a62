import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { requireKnownUsers } from '../../identity/identity.contract';
import { SKILL_CATALOG_STREAM, skillCatalogDecider } from '../../people/people.contract';
import { derivedId } from '../../shared-kernel/ids';
import { decideTask } from '../domain/task.decide';
import { decideVenture } from '../domain/venture.decide';
import { CreateVenture, PostTask } from './venture.commands';
import { VenturesStreamWriter } from './ventures-stream.writer';

/** Any member may found a venture and becomes its owner; its founders must be registered users. */
@CommandHandler(CreateVenture)
export class CreateVentureHandler implements ICommandHandler<CreateVenture, { ventureId: string }> {
  constructor(
    private readonly writer: VenturesStreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ name, founders, context }: CreateVenture): Promise<{ ventureId: string }> {
    const ventureId = derivedId(context.commandId, 'venture');
    await requireKnownUsers(
      this.store,
      founders.map((founder) => founder.userId),
    );
    const venture = { ventureId, name, ownerId: context.actorId as string, founders };
    await this.writer.writeVenture(ventureId, context, (state) =>
      decideVenture({ type: 'CreateVenture', venture }, state),
    );
    return { ventureId };
  }
}

@CommandHandler(PostTask)
export class PostTaskHandler implements ICommandHandler<PostTask, { taskId: string }> {
  constructor(
    private readonly writer: VenturesStreamWriter,
    private readonly streams: StreamWriter,
  ) {}

  async execute({ ventureId, draft, context }: PostTask): Promise<{ taskId: string }> {
    const taskId = derivedId(context.commandId, 'task');
    // The catalog only grows (skills are defined, never removed), so a slug known now stays known.
    const catalog = await this.streams.load(SKILL_CATALOG_STREAM, skillCatalogDecider);
    const skillCatalog = new Set(Object.keys(catalog.skills));
    await this.writer.writeTask(
      taskId,
      context,
      (state, venture) =>
        decideTask(
          {
            type: 'PostTask',
            task: { taskId, ventureId, ...draft },
            actorId: context.actorId as string,
            venture,
            skillCatalog,
          },
          state,
        ),
      ventureId,
    );
    return { taskId };
  }
}
