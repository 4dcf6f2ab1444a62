import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';

@Module({ imports: [JobsModule], controllers: [HealthController], providers: [Readiness], exports: [Readiness] })
export class HealthModule {}
