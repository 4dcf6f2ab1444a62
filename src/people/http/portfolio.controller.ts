import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { z } from 'zod';
import { WriteContext, type CommandContext } from '../../identity/identity.contract';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { AddPortfolioItem } from '../commands/people.commands';
import { portfolioItemSchema } from './people.schemas';
import { portfolioItemCreatedSchema } from './portfolio.schemas';

@Controller('api/v1/portfolio')
export class PortfolioController {
  constructor(private readonly commands: CommandBus) {}

  /** Only the assignee links their own accepted task; the item then carries the task's provenance. */
  @Post()
  @RespondsWith(portfolioItemCreatedSchema)
  add(
    @Body(new ZodValidationPipe(portfolioItemSchema)) body: z.infer<typeof portfolioItemSchema>,
    @WriteContext() context: CommandContext,
  ) {
    const item = { ...body, taskId: body.taskId ?? null, documentId: body.documentId ?? null };
    return this.commands.execute(new AddPortfolioItem(context.actorId as string, item, context));
  }
}
