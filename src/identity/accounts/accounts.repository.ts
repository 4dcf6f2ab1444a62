import type { Knex } from 'knex';

export interface AccountRow {
  user_id: string;
  email: string;
  password_hash: string;
  failed_logins: number;
  locked_until: Date | null;
}

/** Credentials and lockout state: secret, personal, mutable — never in events. */
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

  /** Counts a failure and locks for `lockMs(failures)` once the count passes the free tries. */
  async recordFailure(userId: string, now: Date, lockMs: (failures: number) => number): Promise<AccountRow> {
    return this.knex.transaction(async (trx) => {
      const account = await trx<AccountRow>('accounts').where({ user_id: userId }).forUpdate().first();
      const failures = (account?.failed_logins ?? 0) + 1;
      const lockFor = lockMs(failures);
      const [row] = await trx<AccountRow>('accounts')
        .where({ user_id: userId })
        .update({ failed_logins: failures, locked_until: lockFor > 0 ? new Date(now.getTime() + lockFor) : null })
        .returning('*');
      return row;
    });
  }

  async clearFailures(userId: string): Promise<void> {
    await this.knex('accounts').where({ user_id: userId }).update({ failed_logins: 0, locked_until: null });
  }
}
