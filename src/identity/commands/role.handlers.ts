import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { decideUser } from '../domain/user.decide';
import type { Role } from '../domain/roles.contract';
import { BoardRoster } from './board-roster';
import { GrantRole, RevokeRole, type WriteOutcome } from './user.commands';
import { UserStreamWriter, type CommandContext } from './user-stream.writer';

/**
 * A board role also goes to the board roster before the command answers, so a vote sent after
 * the answer counts on the new board. The copy runs even when the user stream had nothing new
 * to write: that is how a retry finishes a grant whose copy was interrupted.
 */
async function copyBoardSeat(roster: BoardRoster, userId: string, role: Role, context: CommandContext): Promise<void> {
  if (role === 'board') await roster.sync(userId, context);
}

@CommandHandler(GrantRole)
export class GrantRoleHandler implements ICommandHandler<GrantRole, WriteOutcome> {
  constructor(
    private readonly writer: UserStreamWriter,
    private readonly roster: BoardRoster,
  ) {}

  async execute({ userId, role, context }: GrantRole): Promise<WriteOutcome> {
    const result = await this.writer.write(userId, context, (state) =>
      decideUser({ type: 'GrantRole', userId, role, grantedBy: context.actorId }, state),
    );
    await copyBoardSeat(this.roster, userId, role, context);
    return { written: result.events.length > 0 };
  }
}

@CommandHandler(RevokeRole)
export class RevokeRoleHandler implements ICommandHandler<RevokeRole, WriteOutcome> {
  constructor(
    private readonly writer: UserStreamWriter,
    private readonly roster: BoardRoster,
  ) {}

  async execute({ userId, role, reason, context }: RevokeRole): Promise<WriteOutcome> {
    const result = await this.writer.write(userId, context, (state) =>
      decideUser({ type: 'RevokeRole', userId, role, revokedBy: context.actorId as string, reason }, state),
    );
    await copyBoardSeat(this.roster, userId, role, context);
    return { written: result.events.length > 0 };
  }
}
