import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CancelConversion, CastConversionVote, RequestConversion } from '../commands/conversion.commands';
import { ConversionPreview } from '../queries/conversion-preview';
import { ConversionQueries } from '../queries/conversion.queries';
import {
  capTableSchema,
  conversionPreviewSchema,
  conversionRequestedSchema,
  conversionsSchema,
  conversionStepSchema,
  pendingConversionsSchema,
} from './conversion.responses';
import { convertPreviewSchema, convertSchema, idParam, voteSchema } from './conversion.schemas';
import { CurrentPrincipal, WriteContext, type Principal, type CommandContext } from '../../identity/identity.contract';

/** Members convert BUZ and follow their requests. */
@Controller('api/v1/equity')
export class EquityController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ConversionQueries,
    private readonly preview: ConversionPreview,
  ) {}

  /** What converting `buz` in the window would buy: refused (4xx) as the request itself would be. */
  @Get('convert/preview')
  @RespondsWith(conversionPreviewSchema)
  convertPreview(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(convertPreviewSchema)) query: z.infer<typeof convertPreviewSchema>,
  ) {
    return this.preview.of(principal.userId as string, query.windowId, query.buz);
  }

  @Post('convert')
  @RespondsWith(conversionRequestedSchema)
  convert(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(convertSchema)) body: z.infer<typeof convertSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new RequestConversion(principal.userId as string, body.windowId, body.buz, context));
  }

  @Get('conversions/me')
  @RespondsWith(conversionsSchema)
  mine(@CurrentPrincipal() principal: Principal) {
    return this.queries.mine(principal.userId as string);
  }

  @Post('conversions/:conversionId/cancel')
  @HttpCode(200)
  @RespondsWith(conversionStepSchema)
  cancel(
    @Param('conversionId', new ZodValidationPipe(idParam('conversionId'))) conversionId: string,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new CancelConversion(conversionId, context));
  }
}

/** The board's side: what is pending, and the votes. */
@Controller('api/v1/board/conversions')
export class BoardConversionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ConversionQueries,
  ) {}

  @Get('pending')
  @RespondsWith(pendingConversionsSchema)
  pending() {
    return this.queries.pendingForBoard();
  }

  @Post(':conversionId/votes')
  @HttpCode(200)
  @RespondsWith(conversionStepSchema)
  vote(
    @Param('conversionId', new ZodValidationPipe(idParam('conversionId'))) conversionId: string,
    @Body(new ZodValidationPipe(voteSchema)) body: z.infer<typeof voteSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new CastConversionVote(conversionId, body.vote, body.note, context));
  }
}

@Controller('api/v1/ventures')
export class CapTableController {
  constructor(private readonly queries: ConversionQueries) {}

  @Get(':ventureId/cap-table')
  @RespondsWith(capTableSchema)
  capTable(@Param('ventureId', new ZodValidationPipe(idParam('ventureId'))) ventureId: string) {
    return this.queries.capTable(ventureId);
  }
}
