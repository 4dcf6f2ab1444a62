import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../platform/event-store/event-store.port';
import { foldEvents } from '../platform/event-store/stream-decider';
import { userStream } from '../identity/domain/user.events';
import { deviceCompliance, userDecider, type UserState } from '../identity/domain/user.state';
import { memberStream } from '../progress/domain/member.events';
import { memberDecider, type MemberState } from '../progress/domain/member.state';

/**
 * Reads the facts a payout depends on straight from their streams (never from a lagging read
 * model): identity (KYC, devices) and progress (reputation). Reads only — each write still
 * goes to exactly one stream.
 */
@Injectable()
export class FactsReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async user(userId: string): Promise<UserState> {
    return foldEvents(userDecider, await this.store.readStream(userStream(userId)));
  }

  async member(userId: string): Promise<MemberState> {
    return foldEvents(memberDecider, await this.store.readStream(memberStream(userId)));
  }

  async repMicro(userIds: readonly string[]): Promise<bigint[]> {
    return Promise.all(userIds.map(async (userId) => (await this.member(userId)).repMicro));
  }

  async gates(userId: string): Promise<{ kycStatus: UserState['kycStatus']; deviceCompliant: boolean | null; repMicro: bigint }> {
    const [user, member] = await Promise.all([this.user(userId), this.member(userId)]);
    return { kycStatus: user.kycStatus, deviceCompliant: deviceCompliance(user), repMicro: member.repMicro };
  }
}
