import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { z } from 'zod';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { newId } from '../../platform/ids/ids';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { CurrentPrincipal } from '../../identity/access/current-principal.decorator';
import { actorIdOf, type Principal } from '../../identity/access/principal';
import { acceptTaskOnce } from '../../ventures/commands/accept-task-once';
import { taskAcceptedBodySchema } from './task-events.schemas';

/** Task events from integrations (system tokens). */
@Controller('api/v1/events/task')
export class TaskEventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Idempotent by taskId: a repeat (or a portal acceptance first) returns the first acceptance. */
  @Post('accepted')
  @HttpCode(200)
  async accepted(@Body(new ZodValidationPipe(taskAcceptedBodySchema)) body: z.infer<typeof taskAcceptedBodySchema>, @CurrentPrincipal() principal: Principal) {
    // Each request is its own command; the event id (from the task) is what makes it happen once.
    const metadata = { occurredAt: this.clock.now().toISOString(), actorId: actorIdOf(principal), commandId: newId(), correlationId: body.taskId, causationId: null };
    const outcome = await acceptTaskOnce(this.store, body.taskId, metadata, () => ({
      ...body,
      acceptedAt: new Date(body.acceptedAt).toISOString(),
      helpfulReviewerIds: [],
      source: 'integration',
    }), { firstTryAsNew: true });
    return { taskId: body.taskId, alreadyAccepted: outcome.alreadyAccepted, accepted: outcome.accepted };
  }
}
