import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { CastConversionVoteHandler, FinalizeWindowHandler, ScheduleWindowHandler } from './commands/board.handlers';
import { CancelConversionHandler } from './commands/cancel-conversion.handler';
import {
  AdvanceWindowHandler,
  ExpireLateRequestHandler,
  SettleAllocationHandler,
} from './commands/conversion-process.handlers';
import { RequestConversionHandler } from './commands/request-conversion.handler';
import { ConversionReactor } from './conversion.reactor';
import { CapTableExportsController } from './http/cap-table-exports.controller';
import { ConversionWindowsController } from './http/conversion-windows.controller';
import { BoardConversionsController, CapTableController, EquityController } from './http/equity.controller';
import { ConversionWindowsService } from './jobs/conversion-windows.service';
import { ConversionPreview } from './queries/conversion-preview';
import { ConversionQueries } from './queries/conversion.queries';
import { FinalizationPreview } from './queries/finalization-preview';

/** BUZ → equity: windows, requests with locked BUZ, board votes, finalization and the cap table. */
@Module({
  imports: [IdentityModule],
  controllers: [
    ConversionWindowsController,
    EquityController,
    BoardConversionsController,
    CapTableController,
    CapTableExportsController,
  ],
  providers: [
    ScheduleWindowHandler,
    FinalizeWindowHandler,
    CastConversionVoteHandler,
    RequestConversionHandler,
    CancelConversionHandler,
    SettleAllocationHandler,
    ExpireLateRequestHandler,
    AdvanceWindowHandler,
    ConversionReactor,
    ConversionWindowsService,
    ConversionQueries,
    FinalizationPreview,
    ConversionPreview,
  ],
  exports: [ConversionWindowsService, ConversionReactor],
})
export class ConversionModule {}
