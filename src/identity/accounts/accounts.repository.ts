import type { Knex } from 'knex';

export interface AccountRow {
  user_id: string;
  email: string;
  password_hash: string;
}

/** Credentials: secret, personal, mutable — never in events. The lockout lives in the user's stream. */
export class AccountsRepository {
  constructor(private readonly knex: Knex) {}

  /** Returns false when the email is taken. */
  async insert(account: { userId: string; email: string; passwordHash: string }): Promise<boolean> {
    const inserted = await this.knex('accounts')
      .insert({ user_id: account.userId, email: account.email, password_hash: account.passwordHash })
      .onConflict('email')
      .ignore()
      .returning('user_id');
    return inserted.length === 1;
  }

  async byEmail(email: string): Promise<AccountRow | undefined> {
    return this.knex<AccountRow>('accounts').where({ email }).first();
  }

  async byId(userId: string): Promise<AccountRow | undefined> {
    return this.knex<AccountRow>('accounts').where({ user_id: userId }).first();
  }

  async emails(userIds: string[]): Promise<Map<string, string>> {
    const rows = await this.knex<AccountRow>('accounts').whereIn('user_id', userIds).select('user_id', 'email');
    return new Map(rows.map((row) => [row.user_id, row.email]));
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.knex('accounts').where({ user_id: userId }).update({ password_hash: passwordHash });
  }
}
