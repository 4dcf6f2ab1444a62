import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CreateVenture, PostTask } from '../commands/venture.commands';
import { VenturesQueries } from '../queries/ventures.queries';
import { taskPostedSchema, ventureCreatedSchema, venturesSchema, ventureWithTasksSchema } from './ventures.responses';
import { createVentureSchema, postTaskSchema, ventureIdParamSchema } from './ventures.schemas';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';

@Controller('api/v1/ventures')
export class VenturesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ventures: VenturesQueries,
  ) {}

  /** The caller founds a venture and owns it. */
  @Post()
  @RespondsWith(ventureCreatedSchema)
  create(
    @Body(new ZodValidationPipe(createVentureSchema)) body: z.infer<typeof createVentureSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new CreateVenture(body.name, body.founders, context));
  }

  @Get()
  @RespondsWith(venturesSchema)
  list() {
    return this.ventures.list();
  }

  @Get(':ventureId')
  @RespondsWith(ventureWithTasksSchema)
  get(@Param('ventureId', new ZodValidationPipe(ventureIdParamSchema)) ventureId: string) {
    return this.ventures.get(ventureId);
  }

  /** Only the venture's owner posts tasks (a domain rule: 403 NOT_VENTURE_OWNER). */
  @Post(':ventureId/tasks')
  @RespondsWith(taskPostedSchema)
  postTask(
    @Param('ventureId', new ZodValidationPipe(ventureIdParamSchema)) ventureId: string,
    @Body(new ZodValidationPipe(postTaskSchema)) body: z.infer<typeof postTaskSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new PostTask(ventureId, body, context));
  }
}
