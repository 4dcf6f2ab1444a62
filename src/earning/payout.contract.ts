import type { TaskAcceptedData } from '../ventures/domain/task-accepted.events';
import { deviceCompliance, userDecider, type UserState } from '../identity/identity.contract';
import { memberDecider } from '../progress/progress.contract';

/*
 * The earning loop's public contract: what the wallet's IssueBuz and progress's AwardTaskXp
 * commands carry. The facts are read once per batch by the earning process manager.
 */

/** One accepted task to pay; the TaskAccepted event's id is kept as the causation of what it writes. */
export interface Payout {
  accepted: TaskAcceptedData;
  causationId: string | null;
  /** The TaskAccepted event's occurredAt: when the ledger recorded it, the cap's day. */
  recordedAt: string;
}

export interface PayoutGates {
  kycStatus: UserState['kycStatus'];
  deviceCompliant: boolean | null;
  repMicro: bigint;
}

/** The outside facts a batch of payouts is decided on, read once for the whole batch. */
export class PayoutFacts {
  constructor(
    private readonly users: ReadonlyMap<string, UserState>,
    private readonly repMicroByMember: ReadonlyMap<string, bigint>,
  ) {}

  gates(userId: string): PayoutGates {
    const user = this.users.get(userId) ?? userDecider.initialState;
    return { kycStatus: user.kycStatus, deviceCompliant: deviceCompliance(user), repMicro: this.rep(userId) };
  }

  repMicro(userIds: readonly string[]): bigint[] {
    return userIds.map((userId) => this.rep(userId));
  }

  private rep(userId: string): bigint {
    return this.repMicroByMember.get(userId) ?? memberDecider.initialState.repMicro;
  }
}
