import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { AcceptTask, ClaimTask, ReviewTask, SubmitTask } from '../commands/venture.commands';
import { VenturesQueries } from '../queries/ventures.queries';
import { taskAcceptanceSchema, taskSchema, taskStepSchema } from './ventures.responses';
import {
  acceptTaskSchema,
  claimTaskSchema,
  reviewTaskSchema,
  submitTaskSchema,
  taskIdParamSchema,
} from './ventures.schemas';
import {
  actorIdOf,
  CurrentPrincipal,
  WriteContext,
  type CommandContext,
  type Principal,
} from '../../identity/identity.contract';

const TaskIdParam = () => Param('taskId', new ZodValidationPipe(taskIdParamSchema));

/** Who may do what to a task (claim, submit, review, accept) is decided by the task's rules, not by roles. */
@Controller('api/v1/tasks')
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ventures: VenturesQueries,
  ) {}

  @Get(':taskId')
  @RespondsWith(taskSchema)
  get(@TaskIdParam() id: string, @CurrentPrincipal() principal: Principal) {
    return this.ventures.task(id, actorIdOf(principal));
  }

  @Post(':taskId/claim')
  @HttpCode(200)
  @RespondsWith(taskStepSchema)
  claim(
    @TaskIdParam() id: string,
    @Body(new ZodValidationPipe(claimTaskSchema)) _: z.infer<typeof claimTaskSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new ClaimTask(id, context));
  }

  @Post(':taskId/submit')
  @HttpCode(200)
  @RespondsWith(taskStepSchema)
  submit(
    @TaskIdParam() id: string,
    @Body(new ZodValidationPipe(submitTaskSchema)) body: z.infer<typeof submitTaskSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new SubmitTask(id, { note: body?.note ?? null, links: body?.links ?? [] }, context));
  }

  @Post(':taskId/reviews')
  @RespondsWith(taskStepSchema)
  review(
    @TaskIdParam() id: string,
    @Body(new ZodValidationPipe(reviewTaskSchema)) body: z.infer<typeof reviewTaskSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new ReviewTask(id, body, context));
  }

  /** Idempotent per task: every accept of an accepted task answers 200 with the one acceptance recorded. */
  @Post(':taskId/accept')
  @HttpCode(200)
  @RespondsWith(taskAcceptanceSchema)
  accept(
    @TaskIdParam() id: string,
    @Body(new ZodValidationPipe(acceptTaskSchema)) body: z.infer<typeof acceptTaskSchema>,
    @WriteContext() context: CommandContext,
  ) {
    return this.commands.execute(new AcceptTask(id, body?.helpfulReviewerIds ?? [], context));
  }
}
