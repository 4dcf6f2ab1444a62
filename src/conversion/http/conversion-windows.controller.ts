import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { FinalizeWindow, ScheduleWindow } from '../commands/conversion.commands';
import { ConversionQueries } from '../queries/conversion.queries';
import { FinalizationPreview } from '../queries/finalization-preview';
import { finalizeSchema, idParam, scheduleWindowSchema } from './conversion.schemas';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';

/** Windows: the board schedules and finalizes them; members see the open ones. */
@Controller('api/v1/conversion-windows')
export class ConversionWindowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ConversionQueries,
    private readonly preview: FinalizationPreview,
  ) {}

  @Post()
  schedule(@Body(new ZodValidationPipe(scheduleWindowSchema)) body: z.infer<typeof scheduleWindowSchema>, @WriteContext() context: CommandContext) {
    return this.commands.execute(new ScheduleWindow(body, context));
  }

  @Get('active')
  active() {
    return this.queries.activeWindows();
  }

  @Get()
  list() {
    return this.queries.windows();
  }

  @Get(':windowId')
  window(@Param('windowId', new ZodValidationPipe(idParam('windowId'))) windowId: string) {
    return this.queries.window(windowId);
  }

  /** What finalizing would settle, expire and grant, before the board confirms. */
  @Get(':windowId/finalization-preview')
  finalizationPreview(@Param('windowId', new ZodValidationPipe(idParam('windowId'))) windowId: string) {
    return this.preview.of(windowId);
  }

  @Post(':windowId/finalize')
  @HttpCode(200)
  finalize(
    @Param('windowId', new ZodValidationPipe(idParam('windowId'))) windowId: string,
    @Body(new ZodValidationPipe(finalizeSchema)) _confirmed: z.infer<typeof finalizeSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new FinalizeWindow(windowId, context));
  }
}
