import { Module } from '@nestjs/common';
import { signingKeyProvider } from './checkpoints/signing-key.provider';
import { AuditQueries } from './queries/audit.queries';
import { AuditReplay } from './replay/audit-replay.service';
import { SealerService } from './sealer/sealer.service';
import { VerificationRunsService } from './verification/verification-runs.service';

/**
 * The audit context: the sealer's signing half (its leaf half is the merkle_leaves projection,
 * run with the others), proofs, full verification and replay.
 */
@Module({
  providers: [signingKeyProvider, SealerService, VerificationRunsService, AuditQueries, AuditReplay],
  exports: [SealerService, VerificationRunsService, AuditQueries, AuditReplay],
})
export class AuditModule {}
