import type { Decider } from '../../platform/event-store/stream-decider';
import type { UserEvent } from './user.events';
import type { KycStatus, Role } from './roles';

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
}

export const initialUserState: UserState = { registered: false, roles: [], mfaEnabled: false, kycStatus: 'NOT_SUBMITTED', pendingKycSubmissionId: null, kycDecisionId: null, devices: {}, mfaFailures: 0, mfaLockedUntil: null, passwordFailures: 0, passwordLockedUntil: null };

/** The device gate: at least one device reported, and every device's latest report compliant. */
export function deviceCompliance(state: UserState): boolean | null {
  const reports = Object.values(state.devices);
  return reports.length === 0 ? null : reports.every(Boolean);
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { ...state, registered: true };
    case 'RoleGranted':
      return state.roles.includes(event.data.role) ? state : { ...state, roles: [...state.roles, event.data.role] };
    case 'RoleRevoked':
      return { ...state, roles: state.roles.filter((role) => role !== event.data.role) };
    case 'MfaEnabled':
      return { ...state, mfaEnabled: true };
    case 'KycSubmitted':
      return { ...state, kycStatus: 'PENDING', pendingKycSubmissionId: event.data.submissionId, kycDecisionId: null };
    case 'KycStatusChanged': {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- events recorded before decisionId existed lack it (user.events.ts)
      const kycDecisionId = event.data.decisionId ?? null;
      return { ...state, kycStatus: event.data.status, pendingKycSubmissionId: null, kycDecisionId };
    }
    case 'DevicePostureReported':
      return { ...state, devices: { ...state.devices, [event.data.deviceId]: event.data.compliant } };
    case 'MfaCodeRejected':
      return { ...state, mfaFailures: state.mfaFailures + 1, mfaLockedUntil: event.data.lockedUntil };
    case 'MfaCodeAccepted':
      return { ...state, mfaFailures: 0, mfaLockedUntil: null };
    case 'LoginFailed':
      // Only failures that carry their lock count: older ones were counted in a table that a good password reset.
      return event.data.lockedUntil === undefined ? state : { ...state, passwordFailures: state.passwordFailures + 1, passwordLockedUntil: event.data.lockedUntil };
    case 'LoginFailuresCleared':
      return { ...state, passwordFailures: 0, passwordLockedUntil: null };
    case 'PolicyViolationRecorded':
      return state;
    default:
      return assertNever(event);
  }
}

export const userDecider: Decider<UserState, UserEvent> = { initialState: initialUserState, evolve: evolveUser };

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
