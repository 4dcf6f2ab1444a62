import { Module } from '@nestjs/common';
import { LedgerStatusController } from './http/ledger-status.controller';
import { GetLedgerStatusHandler } from './status/get-ledger-status.handler';
import { IntegrityCheckService } from './verification/integrity-check.service';

/** The ledger as a whole: its status and the periodic chain verification. */
@Module({
  controllers: [LedgerStatusController],
  providers: [GetLedgerStatusHandler, IntegrityCheckService],
  exports: [IntegrityCheckService],
})
export class LedgerModule {}
