import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { ProjectionsModule } from '../platform/projections/projections.module';
import { HealthController } from './health.controller';

@Module({ imports: [JobsModule, ProjectionsModule], controllers: [HealthController] })
export class HealthModule {}
