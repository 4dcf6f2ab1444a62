import { Module } from '@nestjs/common';
import { AwardTaskXpHandler } from './commands/award-xp.handler';
import { AwardBadgeXpHandler, CreditEndorsementHandler } from './commands/gamification-xp.handlers';
import { SettleReputationHandler } from './commands/settle-reputation.handler';
import { ProgressHistoryController } from './http/progress-history.controller';
import { ReputationSettlementService } from './jobs/reputation-settlement.service';

/** XP, levels and reputation: the XP commands the earning loop and gamification send, the daily settlement job. */
@Module({
  controllers: [ProgressHistoryController],
  providers: [
    AwardTaskXpHandler,
    AwardBadgeXpHandler,
    CreditEndorsementHandler,
    SettleReputationHandler,
    ReputationSettlementService,
  ],
  exports: [ReputationSettlementService],
})
export class ProgressModule {}
