import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { writeOutcomeSchema } from '../../platform/http/response-fields';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CurrentPrincipal, WriteContext } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import type { CommandContext } from '../commands/user-stream.writer';
import { DecideKyc, SubmitKyc } from '../commands/user.commands';
import { IdentityUsersQueries } from '../queries/identity-users.queries';
import { kycQueueSchema, kycSubmittedSchema } from './identity.responses';
import { kycDecisionSchema, kycSubmissionSchema, userIdParamSchema } from './identity.schemas';

@Controller('api/v1/kyc')
export class KycController {
  constructor(
    private readonly commands: CommandBus,
    private readonly users: IdentityUsersQueries,
  ) {}

  /** A member submits their own KYC; the status becomes PENDING. */
  @Post()
  @HttpCode(202)
  @RespondsWith(kycSubmittedSchema)
  submit(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(kycSubmissionSchema)) body: z.infer<typeof kycSubmissionSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new SubmitKyc(principal.userId as string, body, context));
  }

  @Get('queue')
  @RespondsWith(kycQueueSchema)
  queue() {
    return this.users.kycQueue();
  }

  @Post(':userId/decision')
  @HttpCode(200)
  @RespondsWith(writeOutcomeSchema)
  decide(
    @Param('userId', new ZodValidationPipe(userIdParamSchema)) userId: string,
    @Body(new ZodValidationPipe(kycDecisionSchema)) body: z.infer<typeof kycDecisionSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new DecideKyc(userId, body.status, body.reason, context));
  }
}
