import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../platform/projections/projections.module';
import { AwardTaskXpHandler } from '../progress/commands/award-xp.handler';
import { IssueBuzHandler } from '../wallet/commands/issue-buz.handler';
import { WalletController } from '../wallet/http/wallet.controller';
import { WalletQueries } from '../wallet/queries/wallet.queries';
import { ProfilesController } from '../progress/http/profiles.controller';
import { ProfileQueries } from '../progress/queries/profile.queries';
import { FactsReader } from './facts.reader';
import { TaskEventsController } from './http/task-events.controller';
import { TaskAcceptedReactor } from './task-accepted.reactor';

/** The earning loop: accepted tasks become BUZ and XP; the wallet and profile views. */
@Module({
  imports: [ProjectionsModule],
  controllers: [TaskEventsController, WalletController, ProfilesController],
  providers: [FactsReader, IssueBuzHandler, AwardTaskXpHandler, TaskAcceptedReactor, WalletQueries, ProfileQueries],
  exports: [FactsReader],
})
export class EarningModule {}
