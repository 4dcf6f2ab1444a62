import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { RespondsWith } from '../../platform/http/responds-with';
import { GetLedgerStatus, type LedgerStatus } from '../status/get-ledger-status.query';
import { ledgerStatusSchema } from './ledger-status.responses';

@Controller('api/v1/ledger')
export class LedgerStatusController {
  constructor(private readonly queries: QueryBus) {}

  @Get('status')
  @RespondsWith(ledgerStatusSchema)
  status(): Promise<LedgerStatus> {
    return this.queries.execute(new GetLedgerStatus());
  }
}
