import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { instant, integerText } from '../../platform/http/response-fields';
import { RespondsWith } from '../../platform/http/responds-with';
import { CurrentPrincipal, type Principal } from '../../identity/identity.contract';
import { memberStream, type MemberEvent } from '../domain/member.events';
import { memberDecider } from '../domain/member.state';

export const progressHistorySchema = z.strictObject({
  points: z
    .array(z.strictObject({ at: instant, xp: z.number().int().nonnegative(), reputationMicro: integerText }))
    .meta({ description: "XP and reputation after each of the member's progress events, oldest first." }),
});

/**
 * The caller's XP and reputation over time, folded from their own `member-<id>` stream with the
 * decider the payouts use, so the line is what the ledger says at each event (the wallet's chart).
 */
@Controller('api/v1/progress')
export class ProgressHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('me/history')
  @RespondsWith(progressHistorySchema)
  async history(@CurrentPrincipal() principal: Principal) {
    const events = await this.store.readStream(memberStream(principal.userId as string));
    let state = memberDecider.initialState;
    const points = events.map((recorded) => {
      state = memberDecider.evolve(state, { type: recorded.type, data: recorded.data } as MemberEvent);
      return { at: recorded.metadata.occurredAt, xp: state.xp, reputationMicro: state.repMicro.toString() };
    });
    return { points };
  }
}
