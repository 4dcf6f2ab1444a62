import { Module } from '@nestjs/common';
import { CHECKPOINT_SIGNING_KEY, signingKeyProvider } from './checkpoints/signing-key.provider';
import { AuditQueries } from './queries/audit.queries';
import { AuditReplay } from './replay/audit-replay.service';
import { SealerService } from './sealer/sealer.service';
import { VerificationRunsService } from './verification/verification-runs.service';
import { checkpointNoteSignerProvider } from './witness/checkpoint-note-key';
import { WitnessLogService } from './witness/witness-log.service';

/**
 * The audit context: the sealer's signing half (its leaf half is the merkle_leaves projection,
 * run with the others), proofs, full verification and replay.
 */
@Module({
  providers: [
    signingKeyProvider,
    checkpointNoteSignerProvider,
    SealerService,
    VerificationRunsService,
    AuditQueries,
    AuditReplay,
    WitnessLogService,
  ],
  exports: [
    CHECKPOINT_SIGNING_KEY,
    SealerService,
    VerificationRunsService,
    AuditQueries,
    AuditReplay,
    WitnessLogService,
  ],
})
export class AuditModule {}
