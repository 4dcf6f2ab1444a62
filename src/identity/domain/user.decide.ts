import { DomainError } from '../../shared-kernel/domain-error';
import { decideAccountSecurity, type AccountSecurityCommand } from './account-security.decide';
import { acceptMfaCode, acceptPassword, rejectMfaCode, rejectPassword } from './lockout.decide';
import type { KycStatus, Role } from './roles.contract';
import type { MfaCodeKind, UserEvent } from './user.events';
import { assertNever } from '../../shared-kernel/assert-never';
import { type UserState } from './user.state';

/** Pure decisions on one user's stream: the events to append, [] for a no-op, or a DomainError. */

export class UserNotFoundError extends DomainError {
  constructor(userId: string) {
    super('USER_NOT_FOUND', `No user ${userId}`, { userId });
  }
}

export class KycNotPendingError extends DomainError {
  constructor(status: KycStatus) {
    super('KYC_NOT_PENDING', `There is no pending KYC submission to decide (status is ${status})`, { status });
  }
}

export interface DevicePosture {
  deviceId: string;
  diskEncrypted: boolean;
  osUpToDate: boolean;
  screenLock: boolean;
}

/** Commands on `user-<userId>`; `now` comes from the caller's clock, since a decision has none. */
export type UserCommand =
  | { type: 'Register'; userId: string }
  | { type: 'GrantRole'; userId: string; role: Role; grantedBy: string | null }
  | { type: 'RevokeRole'; userId: string; role: Role; revokedBy: string; reason: string | null }
  | { type: 'EnableMfa'; userId: string }
  | { type: 'SubmitKyc'; userId: string; submissionId: string }
  | { type: 'DecideKyc'; userId: string; status: 'PASSED' | 'FAILED'; decidedBy: string; decisionId: string }
  | { type: 'ReportDevicePosture'; posture: DevicePosture }
  | {
      type: 'RecordPolicyViolation';
      userId: string;
      violationId: string;
      policy: string;
      severity: 'LOW' | 'MEDIUM' | 'HIGH';
      recordedBy: string;
    }
  | { type: 'AcceptPassword'; now: Date }
  | { type: 'RejectPassword'; now: Date }
  | { type: 'AcceptMfaCode'; kind: MfaCodeKind; now: Date }
  | { type: 'RejectMfaCode'; kind: MfaCodeKind; now: Date }
  | AccountSecurityCommand;

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'Register':
      return state.registered
        ? []
        : [
            { type: 'UserRegistered', data: { userId: command.userId } },
            { type: 'RoleGranted', data: { role: 'member', grantedBy: null } },
          ];
    case 'GrantRole':
      requireRegistered(state, command.userId);
      return state.roles.includes(command.role)
        ? []
        : [{ type: 'RoleGranted', data: { role: command.role, grantedBy: command.grantedBy } }];
    case 'RevokeRole':
      return revokeRole(state, command);
    case 'EnableMfa':
      requireRegistered(state, command.userId);
      if (state.mfaEnabled)
        throw new DomainError('MFA_ALREADY_ENABLED', 'An authenticator app is already set up for this account');
      return [{ type: 'MfaEnabled', data: { method: 'totp' } }];
    case 'SubmitKyc':
      return submitKyc(state, command);
    case 'DecideKyc':
      return decideKyc(state, command);
    case 'ReportDevicePosture':
      return [{ type: 'DevicePostureReported', data: { ...command.posture, compliant: isCompliant(command.posture) } }];
    case 'RecordPolicyViolation': {
      const { userId, violationId, policy, severity, recordedBy } = command;
      requireRegistered(state, userId);
      return [{ type: 'PolicyViolationRecorded', data: { violationId, policy, severity, recordedBy } }];
    }
    case 'AcceptPassword':
      return acceptPassword(state, command.now);
    case 'RejectPassword':
      return rejectPassword(state, command.now);
    case 'AcceptMfaCode':
      return acceptMfaCode(state, command.kind, command.now);
    case 'RejectMfaCode':
      return rejectMfaCode(state, command.kind, command.now);
    case 'ChangePassword':
    case 'IssuePasswordReset':
    case 'UsePasswordReset':
    case 'RevokeSession':
    case 'RequestMfaReset':
    case 'ApproveMfaReset':
      return decideAccountSecurity(command, state);
    default:
      return assertNever(command);
  }
}

/** The device gate of issuance (DESIGN §6): disk encryption, OS updates and a screen lock, all three. */
export function isCompliant(posture: DevicePosture): boolean {
  return posture.diskEncrypted && posture.osUpToDate && posture.screenLock;
}

function requireRegistered(state: UserState, userId: string): void {
  if (!state.registered) throw new UserNotFoundError(userId);
}

function revokeRole(
  state: UserState,
  { userId, role, revokedBy, reason }: Extract<UserCommand, { type: 'RevokeRole' }>,
): UserEvent[] {
  requireRegistered(state, userId);
  if (role === 'admin' && revokedBy === userId) {
    throw new DomainError('CANNOT_REVOKE_OWN_ADMIN', 'An admin cannot revoke their own admin role; ask another admin');
  }
  return state.roles.includes(role) ? [{ type: 'RoleRevoked', data: { role, revokedBy, reason } }] : [];
}

function submitKyc(
  state: UserState,
  { userId, submissionId }: Extract<UserCommand, { type: 'SubmitKyc' }>,
): UserEvent[] {
  requireRegistered(state, userId);
  if (state.kycStatus === 'PASSED') throw new DomainError('KYC_ALREADY_PASSED', 'KYC has already passed');
  if (state.kycStatus === 'PENDING')
    throw new DomainError('KYC_ALREADY_PENDING', 'A KYC submission is already waiting for review');
  return [{ type: 'KycSubmitted', data: { submissionId } }];
}

function decideKyc(
  state: UserState,
  { userId, status, decidedBy, decisionId }: Extract<UserCommand, { type: 'DecideKyc' }>,
): UserEvent[] {
  requireRegistered(state, userId);
  if (state.kycStatus !== 'PENDING' || !state.pendingKycSubmissionId) throw new KycNotPendingError(state.kycStatus);
  if (decidedBy === userId) throw new DomainError('OWN_KYC', 'Nobody decides their own KYC');
  return [
    { type: 'KycStatusChanged', data: { status, decidedBy, decisionId, submissionId: state.pendingKycSubmissionId } },
  ];
}
