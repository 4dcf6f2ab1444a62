import type { Knex } from 'knex';

export interface WalletRow {
  balance_buz: string;
  locked_buz: string;
  last_revision: string;
}

export interface UserProfileRow {
  xp: string;
  level: number;
  rep_micro: string;
  last_revision: string;
}

export interface IdentityUserRow {
  roles: string[];
  mfa_enabled: boolean;
  kyc_status: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The read-model rows a replay is held against, one query per method. These tables key users by
 * uuid; any other id cannot have a row, and asking PostgreSQL would only raise a cast error.
 */
export class ReplayReadModelsRepository {
  constructor(private readonly knex: Knex) {}

  async wallet(userId: string): Promise<WalletRow | null> {
    if (!UUID.test(userId)) return null;
    return (
      (await this.knex<WalletRow>('wallets')
        .select('balance_buz', 'locked_buz', 'last_revision')
        .where('user_id', userId)
        .first()) ?? null
    );
  }

  async userProfile(userId: string): Promise<UserProfileRow | null> {
    if (!UUID.test(userId)) return null;
    return (
      (await this.knex<UserProfileRow>('user_profiles')
        .select('xp', 'level', 'rep_micro', 'last_revision')
        .where('user_id', userId)
        .first()) ?? null
    );
  }

  async identityUser(userId: string): Promise<IdentityUserRow | null> {
    if (!UUID.test(userId)) return null;
    return (
      (await this.knex<IdentityUserRow>('identity_users')
        .select('roles', 'mfa_enabled', 'kyc_status')
        .where('user_id', userId)
        .first()) ?? null
    );
  }
}
