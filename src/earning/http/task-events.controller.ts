import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import type { z } from 'zod';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { newId } from '../../shared-kernel/ids';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { RespondsWith } from '../../platform/http/responds-with';
import { ZodValidationPipe } from '../../platform/http/zod-validation.pipe';
import { taskAcceptedResponseSchema } from './task-events.responses';
import { requireAcceptedAtInWindow, taskAcceptedBodySchema } from './task-events.schemas';
import { CurrentPrincipal, actorIdOf, type Principal, requireKnownUsers } from '../../identity/identity.contract';
import { acceptTaskOnce } from '../../ventures/ventures.contract';

/** Task events from integrations (system tokens). */
@Controller('api/v1/events/task')
export class TaskEventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Idempotent by taskId: a repeat (or a portal acceptance first) returns the first acceptance.
   * Refused before anything is written: an acceptedAt outside the window (400) and people
   * without an account (422). The event's occurredAt, from our clock, is the day the cap counts.
   */
  @Post('accepted')
  @HttpCode(200)
  @RespondsWith(taskAcceptedResponseSchema)
  async accepted(
    @Body(new ZodValidationPipe(taskAcceptedBodySchema)) body: z.infer<typeof taskAcceptedBodySchema>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const now = this.clock.now();
    requireAcceptedAtInWindow(body.acceptedAt, now);
    await requireKnownUsers(this.store, [body.assigneeId, ...body.reviewerIds]);
    // Each request is its own command; the event id (from the task) is what makes it happen once.
    const metadata = {
      occurredAt: now.toISOString(),
      actorId: actorIdOf(principal),
      commandId: newId(),
      correlationId: body.taskId,
      causationId: null,
    };
    const outcome = await acceptTaskOnce(
      this.store,
      body.taskId,
      metadata,
      { type: 'RecordIntegrationAcceptance', acceptance: body },
      { firstTryAsNew: true },
    );
    return { taskId: body.taskId, alreadyAccepted: outcome.alreadyAccepted, accepted: outcome.accepted };
  }
}
