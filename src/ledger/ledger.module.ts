import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../platform/projections/projections.module';
import { LedgerStatusController } from './http/ledger-status.controller';
import { GetLedgerStatusHandler } from './status/get-ledger-status.handler';
import { IntegrityCheckService } from './verification/integrity-check.service';

/** The ledger as a whole: its status and the periodic chain verification. */
@Module({
  imports: [ProjectionsModule],
  controllers: [LedgerStatusController],
  providers: [GetLedgerStatusHandler, IntegrityCheckService],
  exports: [IntegrityCheckService],
})
export class LedgerModule {}
