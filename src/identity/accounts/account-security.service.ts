import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import type { Knex } from 'knex';
import { CLOCK, type Clock } from '../../shared-kernel/clock';
import { APP_CONFIG, type AppConfig } from '../../platform/config/app-config';
import { DomainError } from '../../shared-kernel/domain-error';
import { newId } from '../../shared-kernel/ids';
import { KNEX } from '../../platform/platform.tokens';
import { UserStreamWriter } from '../commands/user-stream.writer';
import { ResetLinkInvalidError } from '../domain/account-security.decide';
import { AccountLockedError, passwordLockMs } from '../domain/lockout.decide';
import { decideUser } from '../domain/user.decide';
import { AccountsRepository } from './accounts.repository';
import { PasswordResetsRepository } from './password-resets.repository';
import { hashToken, randomSecret } from './session-issuer.service';
import { SessionsRepository } from './sessions.repository';

export interface ActiveSession {
  sessionId: string;
  transport: 'cookie' | 'bearer';
  startedAt: string;
  expiresAt: string;
  current: boolean;
}

/**
 * Password changes, reset links and sessions (#16 §9). The secrets stay here and in their tables:
 * the user's stream hears only that a password changed, by which route, and who did what.
 */
@Injectable()
export class AccountSecurityService {
  private readonly accounts: AccountsRepository;
  private readonly sessions: SessionsRepository;
  private readonly resets: PasswordResetsRepository;

  constructor(
    @Inject(KNEX) knex: Knex,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly writer: UserStreamWriter,
  ) {
    this.accounts = new AccountsRepository(knex);
    this.sessions = new SessionsRepository(knex);
    this.resets = new PasswordResetsRepository(knex);
  }

  /**
   * Needs the current password, which counts towards the account lock when wrong (a stolen
   * session can't guess its way to a new password). Ends every other session of the account.
   */
  async changePassword(
    userId: string,
    sessionId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<{ sessionsEnded: number }> {
    const now = this.clock.now();
    // Asked before bcrypt runs: a locked account is refused without comparing.
    decideUser({ type: 'ChangePassword', userId, now }, await this.writer.state(userId));
    const account = await this.accounts.byId(userId);
    if (!account || !(await bcrypt.compare(currentPassword, account.password_hash)))
      await this.refuseCurrentPassword(userId, now);
    const passwordHash = await bcrypt.hash(newPassword, this.config.BCRYPT_COST);
    await this.writer.write(userId, { commandId: newId(), actorId: userId }, (state) =>
      decideUser({ type: 'ChangePassword', userId, now }, state),
    );
    await this.accounts.setPasswordHash(userId, passwordHash);
    return { sessionsEnded: await this.sessions.revokeAllOf(userId, sessionId, now, 'password changed') };
  }

  private async refuseCurrentPassword(userId: string, now: Date): Promise<never> {
    const { state } = await this.writer.write(userId, { commandId: newId(), actorId: userId }, (current) =>
      decideUser({ type: 'RejectPassword', now }, current),
    );
    const lockMs = passwordLockMs(state, now);
    if (lockMs > 0) throw new AccountLockedError(Math.max(1, Math.ceil(lockMs / 1000)));
    throw new DomainError('CURRENT_PASSWORD_WRONG', 'Your current password is not right');
  }

  async activeSessions(userId: string, currentSessionId: string | null): Promise<ActiveSession[]> {
    const rows = await this.sessions.activeOf(userId, this.clock.now());
    return rows.map((row) => ({
      sessionId: row.session_id,
      transport: row.transport,
      startedAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      current: row.session_id === currentSessionId,
    }));
  }

  /** Only the caller's own sessions: anyone else's is SESSION_NOT_FOUND, as an unknown one is. */
  async revokeSession(userId: string, sessionId: string): Promise<void> {
    const session = await this.sessions.byId(sessionId);
    const now = this.clock.now();
    if (session?.user_id !== userId || session.revoked_at || session.expires_at <= now) {
      throw new DomainError('SESSION_NOT_FOUND', 'You have no active session with this id', { sessionId });
    }
    await this.writer.write(userId, { commandId: newId(), actorId: userId }, (state) =>
      decideUser({ type: 'RevokeSession', sessionId, revokedBy: userId }, state),
    );
    await this.sessions.revoke(sessionId, now, 'revoked by its owner');
  }

  /**
   * A one-time link: 256 random bits, of which only the SHA-256 is stored. The token is in the
   * link's fragment, so it never reaches a server log or a Referer header.
   */
  async issueReset(
    userId: string,
    issuedBy: string,
  ): Promise<{ resetId: string; resetPath: string; expiresAt: string }> {
    const resetId = newId();
    const token = randomSecret();
    const expiresAt = new Date(this.clock.now().getTime() + this.config.PASSWORD_RESET_LINK_TTL_SECONDS * 1000);
    // Decided before the row exists, so a refused issuance leaves no working token behind.
    decideUser({ type: 'IssuePasswordReset', userId, resetId, issuedBy, expiresAt }, await this.writer.state(userId));
    await this.resets.insert({ resetId, userId, tokenHash: hashToken(token), issuedBy, expiresAt });
    await this.writer.write(userId, { commandId: newId(), actorId: issuedBy }, (state) =>
      decideUser({ type: 'IssuePasswordReset', userId, resetId, issuedBy, expiresAt }, state),
    );
    return { resetId, resetPath: `/reset-password#${token}`, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The stream is the single-use gate: of two uses at once, one appends PasswordChanged and the
   * other then finds the link used. Only the winner sets the password; every session ends.
   */
  async useReset(token: string, newPassword: string): Promise<void> {
    const reset = await this.resets.byTokenHash(hashToken(token));
    if (!reset) throw new ResetLinkInvalidError('UNKNOWN');
    const now = this.clock.now();
    const passwordHash = await bcrypt.hash(newPassword, this.config.BCRYPT_COST);
    const userId = reset.user_id;
    await this.writer.write(userId, { commandId: newId(), actorId: userId }, (state) =>
      decideUser({ type: 'UsePasswordReset', userId, resetId: reset.reset_id, now }, state),
    );
    await this.resets.markUsed(reset.reset_id, now);
    await this.accounts.setPasswordHash(userId, passwordHash);
    await this.sessions.revokeAllOf(userId, null, now, 'password reset');
  }
}
