import { Module } from '@nestjs/common';
import { AwardTaskXpHandler } from './commands/award-xp.handler';
import { SettleReputationHandler } from './commands/settle-reputation.handler';
import { ProfilesController } from './http/profiles.controller';
import { ReputationSettlementService } from './jobs/reputation-settlement.service';
import { ProfileQueries } from './queries/profile.queries';

/** XP, levels and reputation: the XP command the earning loop sends, the daily settlement job, the profiles. */
@Module({
  controllers: [ProfilesController],
  providers: [AwardTaskXpHandler, SettleReputationHandler, ReputationSettlementService, ProfileQueries],
  exports: [ReputationSettlementService],
})
export class ProgressModule {}
