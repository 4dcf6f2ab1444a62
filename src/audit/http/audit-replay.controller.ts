import { Controller, Get, Param, Query } from '@nestjs/common';
import type { z } from 'zod';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { AuditReplay } from '../replay/audit-replay.service';
import { replayCategoryQuerySchema, replayStreamQuerySchema } from './audit-replay.schemas';
import { categoryReplaySchema, streamReplaySchema } from './audit.responses';
import { categorySchema, streamIdSchema } from './audit.schemas';

/** Replay of a stream or a category to any revision or moment, cross-checked against read models. */
@Controller('api/v1/audit')
export class AuditReplayController {
  constructor(private readonly replays: AuditReplay) {}

  @Get('replay/:streamId')
  @RespondsWith(streamReplaySchema)
  replayStream(
    @Param('streamId', new ZodValidationPipe(streamIdSchema)) streamId: string,
    @Query(new ZodValidationPipe(replayStreamQuerySchema)) query: z.infer<typeof replayStreamQuerySchema>,
  ) {
    return this.replays.replayStream(streamId, query);
  }

  @Get('replay-category/:category')
  @RespondsWith(categoryReplaySchema)
  replayCategory(
    @Param('category', new ZodValidationPipe(categorySchema)) category: string,
    @Query(new ZodValidationPipe(replayCategoryQuerySchema)) query: z.infer<typeof replayCategoryQuerySchema>,
  ) {
    return this.replays.replayCategory(category, query);
  }
}
