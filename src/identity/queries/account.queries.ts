import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { EVENT_STORE, type EventStore } from '../../platform/event-store/event-store.port';
import { foldEvents } from '../../platform/event-store/stream-decider';
import { KNEX } from '../../platform/platform.tokens';
import type { Principal } from '../access/principal';
import { AccountsRepository } from '../accounts/accounts.repository';
import { kycDecisionReason } from '../commands/kyc-records';
import { MFA_ROLES } from '../domain/roles.contract';
import { userStream } from '../domain/user.events';
import { userDecider, type UserState } from '../domain/user.state';

/** A signed-in user's own view of their account, read straight from their stream. */
@Injectable()
export class AccountQueries {
  private readonly accounts: AccountsRepository;

  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.accounts = new AccountsRepository(knex);
  }

  async state(userId: string): Promise<UserState> {
    return foldEvents(userDecider, await this.store.readStream(userStream(userId)));
  }

  /** What the portal needs right after sign-in to know whether to ask for a TOTP code. */
  async sessionFlags(userId: string): Promise<{ mfaEnabled: boolean; mfaRequired: boolean }> {
    const state = await this.state(userId);
    return {
      mfaEnabled: state.mfaEnabled,
      mfaRequired: state.mfaEnabled || state.roles.some((role) => MFA_ROLES.includes(role)),
    };
  }

  async me(principal: Principal) {
    if (!principal.userId) return { kind: principal.kind, roles: principal.roles };
    const [state, account] = await Promise.all([this.state(principal.userId), this.accounts.byId(principal.userId)]);
    return {
      kind: principal.kind,
      userId: principal.userId,
      email: account?.email ?? null,
      roles: state.roles,
      mfaEnabled: state.mfaEnabled,
      mfaVerified: principal.mfaVerified,
      mfaRequiredForRoles: state.roles.filter((role) => MFA_ROLES.includes(role)),
      kycStatus: state.kycStatus,
      // Only the reason of the decision the stream names: a reason whose event was never written is never shown.
      kycReason: await kycDecisionReason(this.knex, state.kycDecisionId),
    };
  }
}
