import { Inject, Injectable } from '@nestjs/common';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { DomainError } from '../../shared-kernel/domain-error';
import { derivedId, newId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { UserStreamWriter } from '../commands/user-stream.writer';
import { decideUser } from '../domain/user.decide';
import { MfaRepository } from './mfa.repository';
import { SessionsRepository } from './sessions.repository';

export interface PendingMfaReset {
  requestId: string;
  userId: string;
  email: string | null;
  requestedBy: string;
  reason: string;
  requestedAt: string;
}

interface MfaResetRow {
  request_id: string;
  user_id: string;
  requested_by: string;
  reason: string;
  requested_at: Date;
  email: string | null;
}

/**
 * MFA for someone who lost their phone (#16 §9): an admin asks, a compliance officer who is
 * neither the asker nor the user approves (the decider's four-eyes rule), and only then do the
 * secret and the recovery codes go and every session of the user end. The reason stays in the
 * table; the events say who asked and who approved.
 */
@Injectable()
export class MfaResetService {
  private readonly factors: MfaRepository;
  private readonly sessions: SessionsRepository;

  constructor(
    @Inject(KNEX) private readonly knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly writer: UserStreamWriter,
  ) {
    this.factors = new MfaRepository(knex);
    this.sessions = new SessionsRepository(knex);
  }

  /**
   * The request's id derives from the command's (its Idempotency-Key, when sent): a retry finds
   * its own request waiting, writes nothing and answers the same id.
   */
  async request(
    userId: string,
    requestedBy: string,
    reason: string,
    commandId: string,
  ): Promise<{ requestId: string }> {
    const requestId = derivedId('mfa-reset-request', commandId);
    decideUser({ type: 'RequestMfaReset', userId, requestId, requestedBy }, await this.writer.state(userId));
    await this.knex('mfa_reset_requests')
      .insert({
        request_id: requestId,
        user_id: userId,
        requested_by: requestedBy,
        reason,
        requested_at: this.clock.now(),
      })
      .onConflict('request_id')
      .ignore();
    await this.writer.write(userId, { commandId: newId(), actorId: requestedBy }, (state) =>
      decideUser({ type: 'RequestMfaReset', userId, requestId, requestedBy }, state),
    );
    return { requestId };
  }

  /** Requests still waiting, whose event exists (a request whose append failed is not listed: approving it would be refused). */
  async pending(): Promise<PendingMfaReset[]> {
    const rows: MfaResetRow[] = await this.knex('mfa_reset_requests as r')
      .leftJoin('accounts as a', 'a.user_id', 'r.user_id')
      .whereNull('r.approved_at')
      .orderBy('r.requested_at')
      .select('r.request_id', 'r.user_id', 'r.requested_by', 'r.reason', 'r.requested_at', 'a.email');
    const states = await Promise.all(rows.map((row) => this.writer.state(row.user_id)));
    return rows
      .filter((row, index) => states[index]?.pendingMfaReset?.requestId === row.request_id)
      .map((row) => ({
        requestId: row.request_id,
        userId: row.user_id,
        email: row.email,
        requestedBy: row.requested_by,
        reason: row.reason,
        requestedAt: row.requested_at.toISOString(),
      }));
  }

  /** Idempotent: approving again (a retry) finishes the clean-up and ends nothing new. */
  async approve(requestId: string, approvedBy: string): Promise<{ sessionsEnded: number }> {
    const row = await this.knex('mfa_reset_requests')
      .where({ request_id: requestId })
      .first<{ user_id: string } | undefined>('user_id');
    if (!row)
      throw new DomainError('MFA_RESET_NOT_PENDING', 'There is no such MFA reset waiting for approval', { requestId });
    const userId = row.user_id;
    const now = this.clock.now();
    await this.writer.write(userId, { commandId: newId(), actorId: approvedBy }, (state) =>
      decideUser({ type: 'ApproveMfaReset', userId, requestId, approvedBy }, state),
    );
    await this.factors.remove(userId);
    await this.knex('mfa_reset_requests')
      .where({ request_id: requestId })
      .whereNull('approved_at')
      .update({ approved_by: approvedBy, approved_at: now });
    return { sessionsEnded: await this.sessions.revokeAllOf(userId, null, now, 'MFA reset') };
  }
}
