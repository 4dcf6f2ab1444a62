import type { KycStatus, Role } from './roles.contract';

/** Which MFA proof a code was: the authenticator app's TOTP code or a one-time recovery code. */
export type MfaCodeKind = 'totp' | 'recovery';

/**
 * Events of `user-<id>`. Ids and facts only: emails, password hashes, TOTP secrets and KYC
 * evidence live in access-controlled tables, so the WORM log never holds what must be erasable.
 */
export type UserEvent =
  | { type: 'UserRegistered'; data: { userId: string } }
  | { type: 'RoleGranted'; data: { role: Role; grantedBy: string | null } }
  | { type: 'RoleRevoked'; data: { role: Role; revokedBy: string; reason: string | null } }
  | { type: 'MfaEnabled'; data: { method: 'totp' } }
  | { type: 'KycSubmitted'; data: { submissionId: string } }
  // decisionId keys the reason in kyc_decisions; null on decisions recorded before it existed
  // (stored without the field, version 1, and upcast: identity.event-schemas.ts).
  | {
      type: 'KycStatusChanged';
      data: { status: KycStatus; decidedBy: string; submissionId: string; decisionId: string | null };
    }
  | {
      type: 'DevicePostureReported';
      data: { deviceId: string; diskEncrypted: boolean; osUpToDate: boolean; screenLock: boolean; compliant: boolean };
    }
  | {
      type: 'PolicyViolationRecorded';
      data: { violationId: string; policy: string; severity: 'LOW' | 'MEDIUM' | 'HIGH'; recordedBy: string };
    }
  // BAD_MFA_CODE is only in events written before MfaCodeRejected existed. A wrong password carries
  // the lock it earned (null: not yet); those written before the lock moved into the log lack it.
  | {
      type: 'LoginFailed';
      data: { reason: 'BAD_PASSWORD' | 'BAD_MFA_CODE' | 'LOCKED_OUT'; lockedUntil?: string | null };
    }
  /** The right password after wrong ones: the count starts again. */
  | { type: 'LoginFailuresCleared'; data: Record<string, never> }
  /** A refused MFA code (never the code itself), and until when that locks MFA (null: not yet). */
  | { type: 'MfaCodeRejected'; data: { kind: MfaCodeKind; lockedUntil: string | null } }
  /** A good MFA code after rejected ones: the count starts again. */
  | { type: 'MfaCodeAccepted'; data: { kind: MfaCodeKind } }
  // Account basics (#16 §9): each records who and which link or request, never the password, its hash or the token.
  /** A new password, set with the current one or with an admin-issued reset link (resetId). */
  | { type: 'PasswordChanged'; data: { via: PasswordChangeRoute; resetId: string | null } }
  /** An admin issued a one-time reset link; the token is stored only as a hash, in password_resets. */
  | { type: 'PasswordResetIssued'; data: { resetId: string; issuedBy: string; expiresAt: string } }
  | { type: 'SessionRevoked'; data: { sessionId: string; revokedBy: string } }
  /** Someone asked to switch MFA off for a user who lost their phone; a second person must approve. */
  | { type: 'MfaResetRequested'; data: { requestId: string; requestedBy: string } }
  /** The second person approved: MFA is off until the user sets it up again. */
  | { type: 'MfaResetApproved'; data: { requestId: string; approvedBy: string } };

export const PASSWORD_CHANGE_ROUTES = ['CURRENT_PASSWORD', 'RESET_LINK'] as const;
export type PasswordChangeRoute = (typeof PASSWORD_CHANGE_ROUTES)[number];

export type UserEventType = UserEvent['type'];

export const userStream = (userId: string) => `user-${userId}`;
