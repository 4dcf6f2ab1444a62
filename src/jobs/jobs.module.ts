import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { ProgressModule } from '../progress/progress.module';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({ imports: [LedgerModule, ProgressModule], controllers: [JobsController], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
