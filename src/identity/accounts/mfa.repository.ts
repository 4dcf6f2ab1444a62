import type { Knex } from 'knex';

export interface MfaFactorRow {
  user_id: string;
  secret: string;
  confirmed_at: Date | null;
  last_used_step: string;
}

/** TOTP secrets and recovery-code hashes. */
export class MfaRepository {
  constructor(private readonly knex: Knex) {}

  async factor(userId: string): Promise<MfaFactorRow | undefined> {
    return this.knex<MfaFactorRow>('mfa_factors').where({ user_id: userId }).first();
  }

  /** A new pending secret replaces an unconfirmed one; a confirmed factor is never replaced here. */
  async savePending(userId: string, secret: string): Promise<boolean> {
    const rows = await this.knex('mfa_factors')
      .insert({ user_id: userId, secret })
      .onConflict('user_id')
      .merge({ secret, last_used_step: 0 })
      .where('mfa_factors.confirmed_at', null)
      .returning('user_id');
    return rows.length === 1;
  }

  /** Records the step a code used; false if a concurrent request already used it (replay). */
  async useStep(userId: string, step: number, confirmAt: Date | null): Promise<boolean> {
    const update: Record<string, unknown> = { last_used_step: step };
    if (confirmAt) update.confirmed_at = confirmAt;
    const updated = await this.knex('mfa_factors')
      .where({ user_id: userId })
      .andWhere('last_used_step', '<', step)
      .update(update);
    return updated === 1;
  }

  async replaceRecoveryCodes(userId: string, codeHashes: string[]): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('recovery_codes').where({ user_id: userId }).delete();
      await trx('recovery_codes').insert(codeHashes.map((code_hash) => ({ user_id: userId, code_hash })));
    });
  }

  async unusedRecoveryCodeHashes(userId: string): Promise<string[]> {
    return this.knex('recovery_codes').where({ user_id: userId }).whereNull('used_at').pluck('code_hash');
  }

  /** Spends a recovery code once; false when unknown or already used. */
  async useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean> {
    const updated = await this.knex('recovery_codes')
      .where({ user_id: userId, code_hash: codeHash })
      .whereNull('used_at')
      .update({ used_at: at });
    return updated === 1;
  }

  /** After an approved MFA reset: the secret and the recovery codes go, so the user can set up a new phone. */
  async remove(userId: string): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('recovery_codes').where({ user_id: userId }).delete();
      await trx('mfa_factors').where({ user_id: userId }).delete();
    });
  }
}
