import { getJson, postJson, type RequestOptions } from './http';

export const ROLES = ['member', 'admin', 'compliance', 'board', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

export type KycStatus = 'NOT_SUBMITTED' | 'PENDING' | 'PASSED' | 'FAILED';

/** The signed-in account, as GET /api/v1/auth/me describes it. */
export interface Me {
  kind: 'user' | 'integration';
  userId: string;
  email: string | null;
  roles: Role[];
  mfaEnabled: boolean;
  /** Whether this session has passed a TOTP (or recovery) code. */
  mfaVerified: boolean;
  /** The roles this user holds whose actions need an MFA-verified session. */
  mfaRequiredForRoles: Role[];
  kycStatus: KycStatus;
}

export interface LoginResult {
  userId: string;
  csrfToken: string;
  mfaEnabled: boolean;
  /** True when MFA is enabled, or when the user holds a role that needs it. */
  mfaRequired: boolean;
}

export interface MfaEnrolment {
  otpauthUri: string;
  /** An SVG QR code rendered by our own server. */
  qrSvg: string;
}

export type MfaProof = { code: string } | { recoveryCode: string };

const NO_REFRESH = { refreshOnUnauthenticated: false };

export function register(email: string, password: string): Promise<{ userId: string }> {
  return postJson('/api/v1/auth/register', { email, password }, NO_REFRESH);
}

/** Always a cookie session: the tokens stay in httpOnly cookies that scripts can't read. */
export function login(email: string, password: string): Promise<LoginResult> {
  return postJson('/api/v1/auth/login', { email, password, session: 'cookie' }, NO_REFRESH);
}

export function logout(): Promise<void> {
  // Refreshing an expired access token first lets the server end the session, not just forget it.
  return postJson('/api/v1/auth/logout');
}

export function getMe(options?: RequestOptions): Promise<Me> {
  return getJson('/api/v1/auth/me', options);
}

export function enrollMfa(): Promise<MfaEnrolment> {
  return postJson('/api/v1/auth/mfa/enroll');
}

export function confirmMfa(code: string): Promise<{ recoveryCodes: string[] }> {
  return postJson('/api/v1/auth/mfa/confirm', { code });
}

export function verifyMfa(proof: MfaProof): Promise<void> {
  return postJson('/api/v1/auth/mfa/verify', proof);
}
