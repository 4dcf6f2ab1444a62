import { Module } from '@nestjs/common';
import { FactsReader } from './facts.reader';
import { TaskEventsController } from './http/task-events.controller';
import { TaskAcceptedReactor } from './task-accepted.reactor';

/** The earning loop: accepted tasks become BUZ (the wallet's IssueBuz) and XP (progress's AwardTaskXp). */
@Module({
  controllers: [TaskEventsController],
  providers: [FactsReader, TaskAcceptedReactor],
  exports: [TaskAcceptedReactor],
})
export class EarningModule {}
