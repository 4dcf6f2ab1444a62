import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { writeOutcomeSchema } from '../../platform/http/response-fields';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { WriteContext } from '../access/current-principal.decorator';
import type { CommandContext } from '../commands/user-stream.writer';
import { GrantRole, RevokeRole } from '../commands/user.commands';
import type { Role } from '../domain/roles';
import { IdentityUsersQueries } from '../queries/identity-users.queries';
import { adminUsersSchema } from './identity.responses';
import { grantRoleSchema, roleSchema, userIdParamSchema } from './identity.schemas';

@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly users: IdentityUsersQueries,
  ) {}

  @Get()
  @RespondsWith(adminUsersSchema)
  list() {
    return this.users.list();
  }

  @Post(':userId/roles')
  @HttpCode(200)
  @RespondsWith(writeOutcomeSchema)
  grant(
    @Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string,
    @Body(new ZodValidationPipe(grantRoleSchema)) body: z.infer<typeof grantRoleSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new GrantRole(userId, body.role, context));
  }

  @Delete(':userId/roles/:role')
  @HttpCode(200)
  @RespondsWith(writeOutcomeSchema)
  revoke(
    @Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string,
    @Param('role', new ZodValidationPipe(roleSchema)) role: Role,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new RevokeRole(userId, role, context));
  }
}
