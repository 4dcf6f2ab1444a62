import type { Knex } from 'knex';

export type SessionTransport = 'cookie' | 'bearer';

export interface SessionRow {
  session_id: string;
  user_id: string;
  transport: SessionTransport;
  refresh_hash: string;
  mfa_verified_at: Date | null;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
}

export class SessionsRepository {
  constructor(private readonly knex: Knex) {}

  async create(session: {
    sessionId: string;
    userId: string;
    transport: SessionTransport;
    refreshHash: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.knex('sessions').insert({
      session_id: session.sessionId,
      user_id: session.userId,
      transport: session.transport,
      refresh_hash: session.refreshHash,
      expires_at: session.expiresAt,
    });
  }

  async byId(sessionId: string): Promise<SessionRow | undefined> {
    return this.knex<SessionRow>('sessions').where({ session_id: sessionId }).first();
  }

  /**
   * Swaps the refresh token only if `presented` is still the current one: one winner per token,
   * since a concurrent UPDATE waits for the row and then re-checks the WHERE on the new version.
   */
  async rotate(sessionId: string, presented: string, next: string): Promise<boolean> {
    const updated = await this.knex('sessions')
      .where({ session_id: sessionId, refresh_hash: presented })
      .whereNull('revoked_at')
      .update({ refresh_hash: next });
    return updated === 1;
  }

  async markMfaVerified(sessionId: string, at: Date): Promise<void> {
    await this.knex('sessions').where({ session_id: sessionId }).update({ mfa_verified_at: at });
  }

  async revoke(sessionId: string, at: Date, reason: string): Promise<void> {
    await this.knex('sessions')
      .where({ session_id: sessionId })
      .whereNull('revoked_at')
      .update({ revoked_at: at, revoked_reason: reason });
  }

  /** A user's sessions that still work: not revoked, not expired. */
  async activeOf(userId: string, now: Date): Promise<SessionRow[]> {
    return this.knex<SessionRow>('sessions')
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .andWhere('expires_at', '>', now)
      .orderBy('created_at', 'desc');
  }

  /** Ends every session of the user but `keep` (null: all of them); returns how many it ended. */
  async revokeAllOf(userId: string, keep: string | null, at: Date, reason: string): Promise<number> {
    const query = this.knex('sessions').where({ user_id: userId }).whereNull('revoked_at');
    if (keep !== null) query.whereNot({ session_id: keep });
    return query.update({ revoked_at: at, revoked_reason: reason });
  }
}
