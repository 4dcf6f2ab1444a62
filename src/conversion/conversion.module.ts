import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ProjectionsModule } from '../platform/projections/projections.module';
import { CastConversionVoteHandler, FinalizeWindowHandler, ScheduleWindowHandler } from './commands/board.handlers';
import { CancelConversionHandler } from './commands/cancel-conversion.handler';
import { RequestConversionHandler } from './commands/request-conversion.handler';
import { ConversionReactor } from './conversion.reactor';
import { ConversionWindowsController } from './http/conversion-windows.controller';
import { BoardConversionsController, CapTableController, EquityController } from './http/equity.controller';
import { ConversionWindowsService } from './jobs/conversion-windows.service';
import { ConversionPreview } from './queries/conversion-preview';
import { ConversionQueries } from './queries/conversion.queries';
import { FinalizationPreview } from './queries/finalization-preview';

/** BUZ → equity: windows, requests with locked BUZ, board votes, finalization and the cap table. */
@Module({
  imports: [ProjectionsModule, IdentityModule],
  controllers: [ConversionWindowsController, EquityController, BoardConversionsController, CapTableController],
  providers: [
    ScheduleWindowHandler,
    FinalizeWindowHandler,
    CastConversionVoteHandler,
    RequestConversionHandler,
    CancelConversionHandler,
    ConversionReactor,
    ConversionWindowsService,
    ConversionQueries,
    FinalizationPreview,
    ConversionPreview,
  ],
  exports: [ConversionWindowsService],
})
export class ConversionModule {}
