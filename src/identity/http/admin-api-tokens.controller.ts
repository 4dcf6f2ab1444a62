import { Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { Knex } from 'knex';
import { StreamWriter } from '../../platform/event-store/stream-writer.service';
import { KNEX } from '../../platform/platform.tokens';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { WriteContext } from '../access/current-principal.decorator';
import { revokeApiToken } from '../accounts/api-token.service';
import type { CommandContext } from '../commands/user-stream.writer';
import { apiTokenRevokedSchema } from './identity.responses';
import { tokenIdParamSchema } from './identity.schemas';

/** Integration tokens are minted by the CLI (`token create`); admins end them here or with `token revoke`. */
@Controller('api/v1/admin/api-tokens')
export class AdminApiTokensController {
  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly streams: StreamWriter,
  ) {}

  @Post(':tokenId/revoke')
  @HttpCode(200)
  @RespondsWith(apiTokenRevokedSchema)
  revoke(
    @Param('tokenId', new ZodValidationPipe(tokenIdParamSchema)) tokenId: string,
    @WriteContext() context: CommandContext,
  ) {
    return revokeApiToken(this.knex, this.streams, tokenId, { revokedBy: context.actorId, at: this.clock.now() });
  }
}
