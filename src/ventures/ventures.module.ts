import { Module } from '@nestjs/common';
import { AcceptTaskHandler } from './commands/accept-task.handler';
import { ClaimTaskHandler, ReviewTaskHandler, SubmitTaskHandler } from './commands/task.handlers';
import { CreateVentureHandler, PostTaskHandler } from './commands/venture.handlers';
import { VenturesStreamWriter } from './commands/ventures-stream.writer';
import { TasksController } from './http/tasks.controller';
import { VenturesController } from './http/ventures.controller';
import { VenturesQueries } from './queries/ventures.queries';

/** Ventures and their tasks: post, claim, submit, review, accept. TaskAccepted feeds the earning loop. */
@Module({
  controllers: [VenturesController, TasksController],
  providers: [
    VenturesStreamWriter,
    VenturesQueries,
    CreateVentureHandler,
    PostTaskHandler,
    ClaimTaskHandler,
    SubmitTaskHandler,
    ReviewTaskHandler,
    AcceptTaskHandler,
  ],
  exports: [VenturesStreamWriter],
})
export class VenturesModule {}
