import { DomainError } from '../../shared-kernel/domain-error';
import type { KycStatus, Role } from './roles.contract';
import type { UserEvent } from './user.events';
import type { UserState } from './user.state';

/** Pure decisions on one user's stream. Each returns the events to append, [] for a no-op. */

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

function requireRegistered(state: UserState, userId: string): void {
  if (!state.registered) throw new UserNotFoundError(userId);
}

export function register(state: UserState, userId: string): UserEvent[] {
  if (state.registered) return [];
  return [
    { type: 'UserRegistered', data: { userId } },
    { type: 'RoleGranted', data: { role: 'member', grantedBy: null } },
  ];
}

export function grantRole(state: UserState, userId: string, role: Role, grantedBy: string | null): UserEvent[] {
  requireRegistered(state, userId);
  return state.roles.includes(role) ? [] : [{ type: 'RoleGranted', data: { role, grantedBy } }];
}

export function revokeRole(state: UserState, userId: string, role: Role, revokedBy: string): UserEvent[] {
  requireRegistered(state, userId);
  if (role === 'admin' && revokedBy === userId) {
    throw new DomainError('CANNOT_REVOKE_OWN_ADMIN', 'An admin cannot revoke their own admin role; ask another admin');
  }
  return state.roles.includes(role) ? [{ type: 'RoleRevoked', data: { role, revokedBy } }] : [];
}

export function enableMfa(state: UserState, userId: string): UserEvent[] {
  requireRegistered(state, userId);
  return state.mfaEnabled ? [] : [{ type: 'MfaEnabled', data: { method: 'totp' } }];
}

export function submitKyc(state: UserState, userId: string, submissionId: string): UserEvent[] {
  requireRegistered(state, userId);
  if (state.kycStatus === 'PASSED') throw new DomainError('KYC_ALREADY_PASSED', 'KYC has already passed');
  if (state.kycStatus === 'PENDING') throw new DomainError('KYC_ALREADY_PENDING', 'A KYC submission is already waiting for review');
  return [{ type: 'KycSubmitted', data: { submissionId } }];
}

export function decideKyc(state: UserState, userId: string, decision: { status: 'PASSED' | 'FAILED'; decidedBy: string; decisionId: string }): UserEvent[] {
  requireRegistered(state, userId);
  if (state.kycStatus !== 'PENDING' || !state.pendingKycSubmissionId) throw new KycNotPendingError(state.kycStatus);
  if (decision.decidedBy === userId) throw new DomainError('OWN_KYC', 'Nobody decides their own KYC');
  return [{ type: 'KycStatusChanged', data: { ...decision, submissionId: state.pendingKycSubmissionId } }];
}
