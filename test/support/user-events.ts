import { decideUser } from '../../src/identity/domain/user.decide';
import type { MfaCodeKind, UserEvent } from '../../src/identity/domain/user.events';
import { userDecider } from '../../src/identity/domain/user.state';
import { deciderSpec } from './decider-spec';

/** Histories for the user decider's specs. */
export const userSpec = deciderSpec({ ...userDecider, decide: decideUser });

export const T0 = new Date('2026-11-24T00:00:00.000Z');
export const at = (ms: number) => new Date(T0.getTime() + ms);

export const registered: UserEvent[] = [
  { type: 'UserRegistered', data: { userId: 'u1' } },
  { type: 'RoleGranted', data: { role: 'member', grantedBy: null } },
];
export const granted = (role: 'admin' | 'board' | 'compliance', grantedBy: string | null = 'admin-1'): UserEvent => ({
  type: 'RoleGranted',
  data: { role, grantedBy },
});
export const kycSubmitted = (submissionId = 's1'): UserEvent => ({ type: 'KycSubmitted', data: { submissionId } });
export const kycDecided = (status: 'PASSED' | 'FAILED', submissionId = 's1'): UserEvent => ({
  type: 'KycStatusChanged',
  data: { status, decidedBy: 'officer', submissionId, decisionId: `d-${submissionId}` },
});

/** `count` refused codes (or passwords) at T0, each carrying the lock it earned, as the decider writes them. */
export function mfaRejections(count: number, kind: MfaCodeKind = 'totp'): UserEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type: 'MfaCodeRejected',
    data: { kind, lockedUntil: lockUntil(index + 1) },
  }));
}
export function passwordRejections(count: number): UserEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type: 'LoginFailed',
    data: { reason: 'BAD_PASSWORD', lockedUntil: lockUntil(index + 1) },
  }));
}

function lockUntil(failures: number): string | null {
  return failures <= 5 ? null : at(Math.min(900_000, 1000 * 2 ** (failures - 6))).toISOString();
}
