import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../platform/clock/clock';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { decideOnStream, type DecisionResult } from '../../platform/event-store/stream-decider';
import { userStream, type UserEvent } from '../domain/user.events';
import { userDecider, type UserState } from '../domain/user.state';

/** Who caused a write and under which id: the id makes a retried command a no-op. */
export interface CommandContext {
  commandId: string;
  actorId: string | null;
  correlationId?: string | null;
}

/** Runs a pure user decision against `user-<id>` with the clock's time in the metadata. */
@Injectable()
export class UserStreamWriter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  write(userId: string, context: CommandContext, decide: (state: UserState) => UserEvent[]): Promise<DecisionResult<UserState, UserEvent>> {
    return decideOnStream({
      store: this.store,
      streamId: userStream(userId),
      decider: userDecider,
      decide,
      commandId: context.commandId,
      metadata: { occurredAt: this.clock.now().toISOString(), actorId: context.actorId, correlationId: context.correlationId ?? context.commandId, causationId: null },
    });
  }
}
