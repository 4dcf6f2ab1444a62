import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { BoardRoster } from './board-roster';
import { SyncBoardSeat } from './user.commands';

/** The copy's id derives from the user's revision it copies (BoardRoster.sync), so a second copy writes nothing. */
@CommandHandler(SyncBoardSeat)
export class SyncBoardSeatHandler implements ICommandHandler<SyncBoardSeat> {
  constructor(private readonly roster: BoardRoster) {}

  async execute({ userId, causationId }: SyncBoardSeat): Promise<void> {
    await this.roster.sync(userId, { commandId: causationId, actorId: null, causationId });
  }
}
