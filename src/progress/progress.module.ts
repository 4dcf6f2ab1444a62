import { Module } from '@nestjs/common';
import { ReputationSettlementService } from './jobs/reputation-settlement.service';

/** Gamification jobs; XP commands run in the earning loop. */
@Module({ providers: [ReputationSettlementService], exports: [ReputationSettlementService] })
export class ProgressModule {}
