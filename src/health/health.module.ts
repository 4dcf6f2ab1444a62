import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ProjectionsModule } from '../platform/projections/projections.module';
import { HealthController } from './health.controller';

@Module({ imports: [LedgerModule, ProjectionsModule], controllers: [HealthController] })
export class HealthModule {}
