import type { Knex } from 'knex';

/** Which link, and whose. */
export interface PasswordResetRow {
  reset_id: string;
  user_id: string;
}

/** Reset links: the token only as its hash. Whether a link still works is the user's stream's call. */
export class PasswordResetsRepository {
  constructor(private readonly knex: Knex) {}

  async insert(reset: {
    resetId: string;
    userId: string;
    tokenHash: string;
    issuedBy: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.knex('password_resets').insert({
      reset_id: reset.resetId,
      user_id: reset.userId,
      token_hash: reset.tokenHash,
      issued_by: reset.issuedBy,
      expires_at: reset.expiresAt,
    });
  }

  async byTokenHash(tokenHash: string): Promise<PasswordResetRow | undefined> {
    return this.knex('password_resets')
      .where('token_hash', tokenHash)
      .first<PasswordResetRow | undefined>('reset_id', 'user_id');
  }

  async markUsed(resetId: string, at: Date): Promise<void> {
    await this.knex('password_resets').where({ reset_id: resetId }).whereNull('used_at').update({ used_at: at });
  }
}
