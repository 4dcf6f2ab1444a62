import { Module } from '@nestjs/common';
import { AuditModule } from '../audit.module';
import { AuditReplayController } from './audit-replay.controller';
import { AuditToolkitController } from './audit-toolkit.controller';
import { AuditController, WormIntegrityController } from './audit.controller';
import { WitnessController } from '../witness/witness.controller';

/**
 * The auditor API, apart from AuditModule: the app refuses to start with a route the permission
 * matrix does not list, so these routes go live together with their matrix entries.
 */
@Module({
  imports: [AuditModule],
  controllers: [
    AuditController,
    AuditReplayController,
    AuditToolkitController,
    WormIntegrityController,
    WitnessController,
  ],
})
export class AuditHttpModule {}
