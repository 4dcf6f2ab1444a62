import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { grantRole, revokeRole } from '../domain/user.decide';
import { GrantRole, RevokeRole, type WriteOutcome } from './user.commands';
import { UserStreamWriter } from './user-stream.writer';

@CommandHandler(GrantRole)
export class GrantRoleHandler implements ICommandHandler<GrantRole, WriteOutcome> {
  constructor(private readonly writer: UserStreamWriter) {}

  async execute({ userId, role, context }: GrantRole): Promise<WriteOutcome> {
    const result = await this.writer.write(userId, context, (state) => grantRole(state, userId, role, context.actorId));
    return { written: result.events.length > 0 };
  }
}

@CommandHandler(RevokeRole)
export class RevokeRoleHandler implements ICommandHandler<RevokeRole, WriteOutcome> {
  constructor(private readonly writer: UserStreamWriter) {}

  async execute({ userId, role, context }: RevokeRole): Promise<WriteOutcome> {
    const result = await this.writer.write(userId, context, (state) => revokeRole(state, userId, role, context.actorId as string));
    return { written: result.events.length > 0 };
  }
}
