import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../platform/projections/projections.module';
import { AwardTaskXpHandler } from '../progress/commands/award-xp.handler';
import { IssueBuzHandler } from '../wallet/commands/issue-buz.handler';
import { WalletController } from '../wallet/http/wallet.controller';
import { WalletQueries } from '../wallet/queries/wallet.queries';
import { FactsReader } from './facts.reader';
import { TaskEventsController } from './http/task-events.controller';
import { TaskAcceptedReactor } from './task-accepted.reactor';

/** The earning loop: accepted tasks become BUZ and XP; the wallet view. */
@Module({
  imports: [ProjectionsModule],
  controllers: [TaskEventsController, WalletController],
  providers: [FactsReader, IssueBuzHandler, AwardTaskXpHandler, TaskAcceptedReactor, WalletQueries],
  exports: [FactsReader],
})
export class EarningModule {}
