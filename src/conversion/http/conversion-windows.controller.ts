import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { FinalizeWindow, ScheduleWindow } from '../commands/conversion.commands';
import { ConversionWindowsService, WINDOWS_JOB_NAME } from '../jobs/conversion-windows.service';
import { ConversionQueries } from '../queries/conversion.queries';
import { ManualJobRuns, reportOrBusy } from '../../platform/jobs/manual-job-runs';
import { FinalizationPreview } from '../queries/finalization-preview';
import {
  activeWindowsSchema,
  upcomingWindowsSchema,
  windowsAdvancedSchema,
  conversionWindowsSchema,
  finalizationPreviewSchema,
  finalizationResultSchema,
  windowScheduledSchema,
  windowWithConversionsSchema,
} from './conversion.responses';
import { finalizeSchema, idParam, scheduleWindowSchema } from './conversion.schemas';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';

/** Windows: the board schedules and finalizes them; members see the open ones. */
@Controller('api/v1/conversion-windows')
export class ConversionWindowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ConversionQueries,
    private readonly preview: FinalizationPreview,
    private readonly windowsJob: ConversionWindowsService,
    private readonly manualRuns: ManualJobRuns,
  ) {}

  @Post()
  @RespondsWith(windowScheduledSchema)
  schedule(
    @Body(new ZodValidationPipe(scheduleWindowSchema)) body: z.infer<typeof scheduleWindowSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new ScheduleWindow(body, context));
  }

  @Get('active')
  @RespondsWith(activeWindowsSchema)
  active() {
    return this.queries.activeWindows();
  }

  @Get('upcoming')
  @RespondsWith(upcomingWindowsSchema)
  upcoming() {
    return this.queries.upcomingWindows();
  }

  /**
   * Any board member runs the windows job now (it also runs on the windows' own times, and every
   * 15 minutes): where jobs run, so an API instance hands it to a worker as "Run now" does.
   */
  @Post('advance')
  @HttpCode(200)
  @RespondsWith(windowsAdvancedSchema)
  advance() {
    return this.manualRuns.run(WINDOWS_JOB_NAME, {}, async () => reportOrBusy(await this.windowsJob.runNow()));
  }

  @Get()
  @RespondsWith(conversionWindowsSchema)
  list() {
    return this.queries.windows();
  }

  @Get(':windowId')
  @RespondsWith(windowWithConversionsSchema)
  window(@Param('windowId', new ZodValidationPipe(idParam('windowId'))) windowId: string) {
    return this.queries.window(windowId);
  }

  /** What finalizing would settle, expire and grant, before the board confirms. */
  @Get(':windowId/finalization-preview')
  @RespondsWith(finalizationPreviewSchema)
  finalizationPreview(@Param('windowId', new ZodValidationPipe(idParam('windowId'))) windowId: string) {
    return this.preview.of(windowId);
  }

  @Post(':windowId/finalize')
  @HttpCode(200)
  @RespondsWith(finalizationResultSchema)
  finalize(
    @Param('windowId', new ZodValidationPipe(idParam('windowId'))) windowId: string,
    @Body(new ZodValidationPipe(finalizeSchema)) _confirmed: z.infer<typeof finalizeSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new FinalizeWindow(windowId, context));
  }
}
