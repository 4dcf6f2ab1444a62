import { Module } from '@nestjs/common';
import { AwardBadgeXpHandler, CreditEndorsementHandler } from './commands/gamification-xp.handlers';
import { ReputationSettlementService } from './jobs/reputation-settlement.service';

/** Gamification jobs, and the XP of endorsements and badges; task XP commands run in the earning loop. */
@Module({ providers: [ReputationSettlementService, CreditEndorsementHandler, AwardBadgeXpHandler], exports: [ReputationSettlementService] })
export class ProgressModule {}
