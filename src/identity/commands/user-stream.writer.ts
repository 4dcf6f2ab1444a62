import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { stateCache, type DecisionResult } from '../../platform/event-store/stream-decider';
import { StreamWriter, type WriteCause } from '../../platform/event-store/stream-writer.service';
import { userStream, type UserEvent } from '../domain/user.events';
import { userDecider, type UserState } from '../domain/user.state';

/** Who caused a write and under which id: the id makes a retried command a no-op. */
export type CommandContext = WriteCause;

/** Runs a pure user decision against `user-<id>`. */
@Injectable()
export class UserStreamWriter {
  constructor(
    private readonly streams: StreamWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The user's state now: reads the events appended since this process last folded the stream. */
  async state(userId: string): Promise<UserState> {
    return (await stateCache.load(this.store, userStream(userId), userDecider)).state;
  }

  write(
    userId: string,
    context: CommandContext,
    decide: (state: UserState) => UserEvent[],
  ): Promise<DecisionResult<UserState, UserEvent>> {
    return this.streams.write(userStream(userId), userDecider, context, decide);
  }
}
