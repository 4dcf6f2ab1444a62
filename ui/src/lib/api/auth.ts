import { apiGet, apiPost, everyOf, type BodyOf, type ResponseOf } from './contract';
import type { RequestOptions } from './http';

/** The signed-in account, as GET /api/v1/auth/me describes it (an integration token has no account). */
export type Me = Extract<ResponseOf<'/api/v1/auth/me', 'get'>, { userId: string }>;
export type Role = Me['roles'][number];
export type KycStatus = Me['kycStatus'];
export const ROLES = everyOf<Role>()(['member', 'admin', 'compliance', 'board', 'auditor', 'system']);

/** The portal always signs in with a cookie session: the tokens stay in httpOnly cookies that scripts can't read. */
export type LoginResult = Extract<ResponseOf<'/api/v1/auth/login', 'post'>, { csrfToken: string }>;
export type MfaEnrolment = ResponseOf<'/api/v1/auth/mfa/enroll', 'post'>;
export type MfaProof = BodyOf<'/api/v1/auth/mfa/verify', 'post'>;

const NO_REFRESH = { refreshOnUnauthenticated: false };

export function register(email: string, password: string): Promise<ResponseOf<'/api/v1/auth/register', 'post'>> {
  return apiPost('/api/v1/auth/register', { body: { email, password } }, NO_REFRESH);
}

export async function login(email: string, password: string): Promise<LoginResult> {
  return (await apiPost(
    '/api/v1/auth/login',
    { body: { email, password, session: 'cookie' } },
    NO_REFRESH,
  )) as LoginResult;
}

export function logout(): Promise<void> {
  // Refreshing an expired access token first lets the server end the session, not just forget it.
  return apiPost('/api/v1/auth/logout', {});
}

/** The portal only ever asks with a user's session, so the answer is a user's. */
export async function getMe(options?: RequestOptions): Promise<Me> {
  return (await apiGet('/api/v1/auth/me', {}, options)) as Me;
}

export function enrollMfa(): Promise<MfaEnrolment> {
  return apiPost('/api/v1/auth/mfa/enroll', {});
}

export function confirmMfa(code: string): Promise<ResponseOf<'/api/v1/auth/mfa/confirm', 'post'>> {
  return apiPost('/api/v1/auth/mfa/confirm', { body: { code } });
}

export function verifyMfa(proof: MfaProof): Promise<void> {
  return apiPost('/api/v1/auth/mfa/verify', { body: proof });
}
