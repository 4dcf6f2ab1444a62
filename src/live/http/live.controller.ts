import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { z } from 'zod';
import { DomainError } from '../../shared-kernel/domain-error';
import { RespondsWithContent } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { LiveHub } from '../live-hub.service';
import { lastEventIdSchema, liveQuerySchema } from './live.schemas';
import { CurrentPrincipal, type Principal } from '../../identity/identity.contract';

@Controller('api/v1')
export class LiveController {
  constructor(private readonly hub: LiveHub) {}

  /**
   * Server-Sent Events: "this changed" notices for the caller, until the access token expires.
   * The access guard charged the connection once; what it then receives costs nothing.
   */
  @Get('live')
  @RespondsWithContent(
    'text/event-stream',
    'Server-Sent Events: "this changed" notices for the caller (README, "Rate limits and live updates"), until the access token expires.',
  )
  async live(
    @CurrentPrincipal() principal: Principal,
    @Query(new ZodValidationPipe(liveQuerySchema)) query: z.infer<typeof liveQuerySchema>,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    // An open stream never ends by itself: a client that didn't ask for one (curl, a test walking
    // every route) gets an answer instead of a response that hangs.
    if (!accept?.split(',').some((type) => type.split(';')[0].trim().toLowerCase() === 'text/event-stream')) {
      throw new DomainError(
        'NOT_ACCEPTABLE',
        'This is a Server-Sent Events stream: send Accept: text/event-stream (EventSource does)',
      );
    }
    const lastEventId =
      lastEventIdHeader !== undefined ? lastEventIdSchema.parse(lastEventIdHeader) : (query.lastEventId ?? null);
    await this.hub.serve(response, principal, lastEventId);
  }
}
