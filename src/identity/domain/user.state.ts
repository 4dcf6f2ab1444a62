import { invariant } from '../../shared-kernel/invariant';
import { assertNever } from '../../shared-kernel/assert-never';
import type { Decider } from '../../shared-kernel/decider';
import type { UserEvent } from './user.events';
import type { KycStatus, Role } from './roles.contract';

export interface UserState {
  registered: boolean;
  roles: Role[];
  mfaEnabled: boolean;
  kycStatus: KycStatus;
  pendingKycSubmissionId: string | null;
  /** The decision on the latest submission (null while it is pending), whose reason is in kyc_decisions. */
  kycDecisionId: string | null;
  /** Latest compliance of each reported device. */
  devices: Readonly<Record<string, boolean>>;
  /** MFA codes refused since the last good one, and the lock they earned (ISO time). */
  mfaFailures: number;
  mfaLockedUntil: string | null;
  /** The same for passwords. */
  passwordFailures: number;
  passwordLockedUntil: string | null;
  /** Reset links issued (by id): until when each is good, and whether it was used. */
  passwordResets: Readonly<Partial<Record<string, { expiresAt: string; used: boolean }>>>;
  /** The MFA reset waiting for its second person, if any. */
  pendingMfaReset: { requestId: string; requestedBy: string } | null;
  /** MFA resets approved so far: each lets MFA be enabled once more. */
  mfaResets: number;
  lastApprovedMfaResetId: string | null;
}

export const initialUserState: UserState = {
  registered: false,
  roles: [],
  mfaEnabled: false,
  kycStatus: 'NOT_SUBMITTED',
  pendingKycSubmissionId: null,
  kycDecisionId: null,
  devices: {},
  mfaFailures: 0,
  mfaLockedUntil: null,
  passwordFailures: 0,
  passwordLockedUntil: null,
  passwordResets: {},
  pendingMfaReset: null,
  mfaResets: 0,
  lastApprovedMfaResetId: null,
};

/** The device gate: at least one device reported, and every device's latest report compliant. */
export function deviceCompliance(state: UserState): boolean | null {
  const reports = Object.values(state.devices);
  return reports.length === 0 ? null : reports.every(Boolean);
}

/**
 * A user registers once and turns MFA on once; a role is granted only when not held and revoked only when held; a KYC
 * submission never overtakes a pending one or follows a pass, and only a pending one is decided.
 * (Sign-in events may precede UserRegistered: a sign-in finishes a registration whose event failed.)
 */
function assertInvariants(state: UserState, event: UserEvent): void {
  const details = { event: event.type, kycStatus: state.kycStatus };
  switch (event.type) {
    case 'UserRegistered':
      return invariant(!state.registered, 'user', 'a user registers once', details);
    case 'RoleGranted':
      return invariant(!state.roles.includes(event.data.role), 'user', 'a role is granted only when not held', {
        ...details,
        role: event.data.role,
      });
    case 'RoleRevoked':
      return invariant(state.roles.includes(event.data.role), 'user', 'a role is revoked only when held', {
        ...details,
        role: event.data.role,
      });
    case 'MfaEnabled':
      return invariant(!state.mfaEnabled, 'user', 'MFA is enabled once', details);
    case 'KycSubmitted':
      return invariant(
        state.kycStatus !== 'PENDING' && state.kycStatus !== 'PASSED',
        'user',
        'KYC is submitted only when none is pending or passed',
        details,
      );
    case 'KycStatusChanged':
      return invariant(
        state.kycStatus === 'PENDING',
        'user',
        'KYC is decided only while a submission is pending',
        details,
      );
    case 'PasswordChanged':
      return invariant(
        event.data.resetId === null || !state.passwordResets[event.data.resetId]?.used,
        'user',
        'a reset link is used once',
        details,
      );
    case 'MfaResetApproved':
      return invariant(
        state.pendingMfaReset?.requestId === event.data.requestId &&
          state.pendingMfaReset.requestedBy !== event.data.approvedBy,
        'user',
        'an MFA reset is approved by a second person',
        details,
      );
    default:
      return undefined;
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  assertInvariants(state, event);
  switch (event.type) {
    case 'UserRegistered':
      return { ...state, registered: true };
    case 'RoleGranted':
      return { ...state, roles: [...state.roles, event.data.role] };
    case 'RoleRevoked':
      return { ...state, roles: state.roles.filter((role) => role !== event.data.role) };
    case 'MfaEnabled':
      return { ...state, mfaEnabled: true };
    case 'KycSubmitted':
      return { ...state, kycStatus: 'PENDING', pendingKycSubmissionId: event.data.submissionId, kycDecisionId: null };
    case 'KycStatusChanged':
      return {
        ...state,
        kycStatus: event.data.status,
        pendingKycSubmissionId: null,
        kycDecisionId: event.data.decisionId,
      };
    case 'DevicePostureReported':
      return { ...state, devices: { ...state.devices, [event.data.deviceId]: event.data.compliant } };
    case 'MfaCodeRejected':
      return { ...state, mfaFailures: state.mfaFailures + 1, mfaLockedUntil: event.data.lockedUntil };
    case 'MfaCodeAccepted':
      return { ...state, mfaFailures: 0, mfaLockedUntil: null };
    case 'LoginFailed':
      // Only failures that carry their lock count: older ones were counted in a table that a good password reset.
      return event.data.lockedUntil === undefined
        ? state
        : { ...state, passwordFailures: state.passwordFailures + 1, passwordLockedUntil: event.data.lockedUntil };
    case 'LoginFailuresCleared':
      return {
        ...state,
        passwordFailures: 0,
        passwordLockedUntil: null,
        passwordResets: {},
        pendingMfaReset: null,
        mfaResets: 0,
        lastApprovedMfaResetId: null,
      };
    case 'PasswordResetIssued':
      return {
        ...state,
        passwordResets: {
          ...state.passwordResets,
          [event.data.resetId]: { expiresAt: event.data.expiresAt, used: false },
        },
      };
    case 'PasswordChanged':
      return markResetUsed(state, event.data.resetId);
    case 'MfaResetRequested':
      return { ...state, pendingMfaReset: { requestId: event.data.requestId, requestedBy: event.data.requestedBy } };
    case 'MfaResetApproved':
      return {
        ...state,
        mfaEnabled: false,
        mfaFailures: 0,
        mfaLockedUntil: null,
        pendingMfaReset: null,
        mfaResets: state.mfaResets + 1,
        lastApprovedMfaResetId: event.data.requestId,
      };
    case 'PolicyViolationRecorded':
    case 'SessionRevoked':
      return state;
    default:
      return assertNever(event);
  }
}

function markResetUsed(state: UserState, resetId: string | null): UserState {
  const reset = resetId === null ? undefined : state.passwordResets[resetId];
  if (resetId === null || !reset) return state;
  return { ...state, passwordResets: { ...state.passwordResets, [resetId]: { ...reset, used: true } } };
}

export const userDecider: Decider<UserState, UserEvent> = { initialState: initialUserState, evolve: evolveUser };
