import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Knex } from 'knex';
import { derivedId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { addPortfolioItem } from '../domain/person.decide';
import { AddPortfolioItem } from './people.commands';
import { PersonStreams } from './person-streams';

/** The item's texts go to the erasable `portfolio_items` table once the log has accepted the item. */
@CommandHandler(AddPortfolioItem)
export class AddPortfolioItemHandler implements ICommandHandler<AddPortfolioItem> {
  constructor(
    private readonly people: PersonStreams,
    @Inject(KNEX) private readonly knex: Knex,
  ) {}

  async execute({ userId, item, context }: AddPortfolioItem) {
    const itemId = derivedId(context.commandId, 'portfolio-item');
    const found = item.taskId === null ? null : await this.people.acceptedTask(item.taskId);
    const task = item.taskId === null ? null : { taskId: item.taskId, accepted: found?.accepted ?? null };
    await this.people.writePerson(userId, context, (state) =>
      addPortfolioItem(state, userId, { itemId, isPublic: item.isPublic, task }),
    );
    // Also on a replay: a crash between the append and this insert is completed by the retry.
    await this.knex('portfolio_items')
      .insert({
        item_id: itemId,
        user_id: userId,
        title: item.title,
        description: item.description,
        urls: JSON.stringify(item.urls),
        document_id: item.documentId,
        task_id: item.taskId,
        is_public: item.isPublic,
        created_at: this.people.clock.now().toISOString(),
      })
      .onConflict('item_id')
      .ignore();
    return { itemId };
  }
}
