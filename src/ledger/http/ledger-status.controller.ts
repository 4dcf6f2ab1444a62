import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetLedgerStatus, type LedgerStatus } from '../status/get-ledger-status.query';

@Controller('api/v1/ledger')
export class LedgerStatusController {
  constructor(private readonly queries: QueryBus) {}

  @Get('status')
  status(): Promise<LedgerStatus> {
    return this.queries.execute(new GetLedgerStatus());
  }
}
