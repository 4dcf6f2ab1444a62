import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { ProjectionsModule } from '../platform/projections/projections.module';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';

@Module({ imports: [JobsModule, ProjectionsModule], controllers: [HealthController], providers: [Readiness], exports: [Readiness] })
export class HealthModule {}
