import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port';
import { loadedStream, StreamStateCache } from '../platform/event-store/stream-state-cache';
import { userStream } from '../identity/domain/user.events';
import { memberStream } from '../progress/domain/member.events';
import { PayoutFacts } from './payout.contract';
import type { TaskAcceptedData } from '../ventures/domain/task-accepted.events';
import { userDecider } from '../identity/identity.contract';
import { memberDecider } from '../progress/progress.contract';

/**
 * Reads the facts a payout depends on straight from their streams (never from a lagging read
 * model): identity (KYC, devices) and progress (reputation). Folded states are cached and each
 * read fetches only the events appended since: a batch costs one query for its users' streams
 * and one for its members', however long their histories. Reads only — each write still goes
 * to exactly one stream.
 */
@Injectable()
export class FactsReader {
  private readonly userStates = new StreamStateCache();
  private readonly memberStates = new StreamStateCache();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async forPayouts(acceptances: readonly TaskAcceptedData[]): Promise<PayoutFacts> {
    const assigneeIds = [...new Set(acceptances.map((accepted) => accepted.assigneeId))];
    const memberIds = [...new Set([...assigneeIds, ...acceptances.flatMap((accepted) => accepted.reviewerIds)])];
    // Two reads for the whole batch (users, members), each fetching only what is new per stream.
    const [users, members] = await Promise.all([
      this.userStates.loadMany(this.store, assigneeIds.map(userStream), userDecider),
      this.memberStates.loadMany(this.store, memberIds.map(memberStream), memberDecider),
    ]);
    return new PayoutFacts(
      new Map(assigneeIds.map((userId) => [userId, loadedStream(users, userStream(userId)).state])),
      new Map(memberIds.map((userId) => [userId, loadedStream(members, memberStream(userId)).state.repMicro])),
    );
  }
}
