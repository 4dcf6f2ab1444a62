import type { KycStatus, Role } from './roles';

/**
 * Events of `user-<id>`. Ids and facts only: emails, password hashes, TOTP secrets and KYC
 * evidence live in access-controlled tables, so the WORM log never holds what must be erasable.
 */
export type UserEvent =
  | { type: 'UserRegistered'; data: { userId: string } }
  | { type: 'RoleGranted'; data: { role: Role; grantedBy: string | null } }
  | { type: 'RoleRevoked'; data: { role: Role; revokedBy: string } }
  | { type: 'MfaEnabled'; data: { method: 'totp' } }
  | { type: 'KycSubmitted'; data: { submissionId: string } }
  // decisionId keys the reason in kyc_decisions (decisions recorded before it existed lack it).
  | { type: 'KycStatusChanged'; data: { status: KycStatus; decidedBy: string; submissionId: string; decisionId: string } }
  | { type: 'DevicePostureReported'; data: { deviceId: string; diskEncrypted: boolean; osUpToDate: boolean; screenLock: boolean; compliant: boolean } }
  | { type: 'PolicyViolationRecorded'; data: { violationId: string; policy: string; severity: 'LOW' | 'MEDIUM' | 'HIGH'; recordedBy: string } }
  | { type: 'LoginFailed'; data: { reason: 'BAD_PASSWORD' | 'BAD_MFA_CODE' | 'LOCKED_OUT' } };

export type UserEventType = UserEvent['type'];

export const userStream = (userId: string) => `user-${userId}`;
