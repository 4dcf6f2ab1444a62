import { Module } from '@nestjs/common';
import { signingKeyProvider } from './checkpoints/signing-key.provider';
import { AuditQueries } from './queries/audit.queries';
import { SealerService } from './sealer/sealer.service';
import { VerificationRunsService } from './verification/verification-runs.service';

/**
 * The audit context: the sealer's signing half (its leaf half is the merkle_leaves projection,
 * run with the others), proofs and full verification.
 */
@Module({
  providers: [signingKeyProvider, SealerService, VerificationRunsService, AuditQueries],
  exports: [SealerService, VerificationRunsService, AuditQueries],
})
export class AuditModule {}
