import { apiDelete, apiGet, apiPost, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

/** Account basics (#16 §9): your password and sessions, reset links and the two-person MFA reset. */
export type ActiveSession = ResponseOf<'/api/v1/auth/sessions', 'get'>[number];
export type ResetLink = ResponseOf<'/api/v1/admin/users/{userId}/password-reset', 'post'>;
export type PendingMfaReset = ResponseOf<'/api/v1/compliance/mfa-resets', 'get'>[number];

export function changePassword(
  currentPassword: string,
  newPassword: string,
): Promise<ResponseOf<'/api/v1/auth/password', 'post'>> {
  // A wrong current password is a 400, never a 401: the session itself is fine.
  return apiPost('/api/v1/auth/password', { body: { currentPassword, newPassword } });
}

export function listSessions(options?: RequestOptions): Promise<ActiveSession[]> {
  return apiGet('/api/v1/auth/sessions', {}, options);
}

export function revokeSession(sessionId: string): Promise<void> {
  return apiDelete('/api/v1/auth/sessions/{sessionId}', { path: { sessionId } });
}

/** Public: the token from the link's fragment is the credential. */
export function useResetLink(token: string, newPassword: string): Promise<void> {
  return apiPost('/api/v1/auth/password-reset', { body: { token, newPassword } }, { refreshOnUnauthenticated: false });
}

export function issueResetLink(userId: string): Promise<ResetLink> {
  return apiPost('/api/v1/admin/users/{userId}/password-reset', { path: { userId } });
}

export function requestMfaReset(
  userId: string,
  reason: string,
): Promise<ResponseOf<'/api/v1/admin/users/{userId}/mfa-reset', 'post'>> {
  return apiPost('/api/v1/admin/users/{userId}/mfa-reset', { path: { userId }, body: { reason } });
}

export function listPendingMfaResets(options?: RequestOptions): Promise<PendingMfaReset[]> {
  return apiGet('/api/v1/compliance/mfa-resets', {}, options);
}

export function approveMfaReset(
  requestId: string,
): Promise<ResponseOf<'/api/v1/compliance/mfa-resets/{requestId}/approve', 'post'>> {
  return apiPost('/api/v1/compliance/mfa-resets/{requestId}/approve', { path: { requestId } });
}
