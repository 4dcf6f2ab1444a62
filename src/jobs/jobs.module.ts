import { Module } from '@nestjs/common';
import { BadgesModule } from '../badges/badges.module';
import { ConversionModule } from '../conversion/conversion.module';
import { DocumentsModule } from '../documents/documents.module';
import { LedgerModule } from '../ledger/ledger.module';
import { ProgressModule } from '../progress/progress.module';
import { JobRunRequestsWorker } from './job-run-requests.worker';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  imports: [LedgerModule, ProgressModule, ConversionModule, BadgesModule, DocumentsModule],
  controllers: [JobsController],
  providers: [JobsService, JobRunRequestsWorker],
  exports: [JobsService],
})
export class JobsModule {}
