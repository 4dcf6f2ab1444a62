import { DomainError } from '../../shared-kernel/domain-error';
import { AccountLockedError, passwordLockMs } from './lockout.decide';
import type { UserEvent } from './user.events';
import type { UserState } from './user.state';

/**
 * Account basics (#16 §9) on `user-<id>`: password changes, reset links, revoked sessions and the
 * two-person MFA reset. The secrets (password, hash, reset token, TOTP secret) never reach a
 * decision: the services check them and hand over only facts (ids, times, who).
 */
export type AccountSecurityCommand =
  | { type: 'ChangePassword'; userId: string; now: Date }
  | { type: 'IssuePasswordReset'; userId: string; resetId: string; issuedBy: string; expiresAt: Date }
  | { type: 'UsePasswordReset'; userId: string; resetId: string; now: Date }
  | { type: 'RevokeSession'; sessionId: string; revokedBy: string }
  | { type: 'RequestMfaReset'; userId: string; requestId: string; requestedBy: string }
  | { type: 'ApproveMfaReset'; userId: string; requestId: string; approvedBy: string };

export class ResetLinkInvalidError extends DomainError {
  constructor(reason: 'UNKNOWN' | 'EXPIRED' | 'USED') {
    super('RESET_LINK_INVALID', 'This reset link is unknown, expired or already used; ask an admin for a new one', {
      reason,
    });
  }
}

export function decideAccountSecurity(command: AccountSecurityCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'ChangePassword':
      requireAccount(state, command.userId);
      refuseWhilePasswordLocked(state, command.now);
      return [{ type: 'PasswordChanged', data: { via: 'CURRENT_PASSWORD', resetId: null } }];
    case 'IssuePasswordReset':
      return issuePasswordReset(state, command);
    case 'UsePasswordReset':
      return usePasswordReset(state, command);
    case 'RevokeSession':
      return [{ type: 'SessionRevoked', data: { sessionId: command.sessionId, revokedBy: command.revokedBy } }];
    case 'RequestMfaReset':
      return requestMfaReset(state, command);
    case 'ApproveMfaReset':
      return approveMfaReset(state, command);
  }
}

function requireAccount(state: UserState, userId: string): void {
  if (!state.registered) throw new DomainError('USER_NOT_FOUND', `No user ${userId}`, { userId });
}

function refuseWhilePasswordLocked(state: UserState, now: Date): void {
  const lockMs = passwordLockMs(state, now);
  if (lockMs > 0) throw new AccountLockedError(Math.max(1, Math.ceil(lockMs / 1000)));
}

/** Someone else's: an admin who forgot their own password asks another admin. */
function issuePasswordReset(
  state: UserState,
  { userId, resetId, issuedBy, expiresAt }: Extract<AccountSecurityCommand, { type: 'IssuePasswordReset' }>,
): UserEvent[] {
  requireAccount(state, userId);
  if (issuedBy === userId)
    throw new DomainError(
      'OWN_ACCOUNT_RESET',
      'Nobody resets their own account; change your password on your account page, or ask another admin',
    );
  if (state.passwordResets[resetId]) return [];
  return [{ type: 'PasswordResetIssued', data: { resetId, issuedBy, expiresAt: expiresAt.toISOString() } }];
}

/** Once, before it expires: of two uses at the same moment the stream lets one append. */
function usePasswordReset(
  state: UserState,
  { resetId, now }: Extract<AccountSecurityCommand, { type: 'UsePasswordReset' }>,
): UserEvent[] {
  const reset = state.passwordResets[resetId];
  if (!reset) throw new ResetLinkInvalidError('UNKNOWN');
  if (reset.used) throw new ResetLinkInvalidError('USED');
  if (new Date(reset.expiresAt).getTime() <= now.getTime()) throw new ResetLinkInvalidError('EXPIRED');
  return [{ type: 'PasswordChanged', data: { via: 'RESET_LINK', resetId } }];
}

function requestMfaReset(
  state: UserState,
  { userId, requestId, requestedBy }: Extract<AccountSecurityCommand, { type: 'RequestMfaReset' }>,
): UserEvent[] {
  requireAccount(state, userId);
  if (requestedBy === userId)
    throw new DomainError('OWN_ACCOUNT_RESET', 'Nobody resets MFA on their own account; ask an admin');
  if (state.pendingMfaReset?.requestId === requestId) return [];
  if (!state.mfaEnabled) throw new DomainError('MFA_NOT_ENABLED', 'This account has no authenticator app to reset');
  if (state.pendingMfaReset)
    throw new DomainError('MFA_RESET_PENDING', 'An MFA reset for this account is already waiting for approval', {
      requestId: state.pendingMfaReset.requestId,
    });
  return [{ type: 'MfaResetRequested', data: { requestId, requestedBy } }];
}

/** The four-eyes rule: neither the requester nor the user approves. A repeated approval is a no-op. */
function approveMfaReset(
  state: UserState,
  { userId, requestId, approvedBy }: Extract<AccountSecurityCommand, { type: 'ApproveMfaReset' }>,
): UserEvent[] {
  if (state.lastApprovedMfaResetId === requestId) return [];
  const pending = state.pendingMfaReset;
  if (pending?.requestId !== requestId)
    throw new DomainError('MFA_RESET_NOT_PENDING', 'There is no such MFA reset waiting for approval', { requestId });
  if (approvedBy === pending.requestedBy || approvedBy === userId) {
    throw new DomainError(
      'SECOND_PERSON_REQUIRED',
      'An MFA reset needs a second person: neither who asked for it nor the account holder may approve it',
    );
  }
  return [{ type: 'MfaResetApproved', data: { requestId, approvedBy } }];
}
