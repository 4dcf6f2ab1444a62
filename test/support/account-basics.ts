import request from 'supertest';
import { expect } from 'vitest';
import {
  activeSessionsSchema,
  mfaResetRequestedSchema,
  resetLinkIssuedSchema,
} from '../../src/identity/http/account-security.schemas';
import { loginResponseSchema } from '../../src/identity/http/identity.responses';
import { expectContract } from './gamification';
import { PASSWORD, signIn, signUp, type TestUser } from './identity';
import { json } from './json';
import type { TestApp } from './test-app';

export const NEW_PASSWORD = 'a brand new long passphrase';
export const RESET_PASSWORD = 'reset by a link the admin handed over';

/** The token of an admin-issued reset link (the part after #). */
export async function issueResetLink(
  app: TestApp,
  admin: TestUser,
  userId: string,
): Promise<{ resetId: string; token: string }> {
  const issued = await request(app.baseUrl)
    .post(`/api/v1/admin/users/${userId}/password-reset`)
    .set(admin.auth)
    .expect(201);
  expectContract(app, 'POST /api/v1/admin/users/:userId/password-reset', issued.body);
  const { resetId, resetPath } = json(issued, resetLinkIssuedSchema);
  const [path, token] = resetPath.split('#');
  expect(path).toBe('/reset-password');
  return { resetId, token };
}

/** A sign-in with `password` instead of the test's default one. */
export async function signInWith(
  app: TestApp,
  email: string,
  password: string,
  expected = 200,
): Promise<request.Response> {
  return request(app.baseUrl).post('/api/v1/auth/login').send({ email, password, session: 'bearer' }).expect(expected);
}

/** The answer to a bearer sign-in (signInWith), parsed: its tokens and MFA flags. */
export function bearerLogin(response: { body: unknown }) {
  const session = json(response, loginResponseSchema);
  if (!('accessToken' in session)) throw new Error('a bearer sign-in answered without tokens');
  return session;
}

/**
 * Every account-basics event, for the scan of stored events: a password change, a revoked session,
 * a reset link issued and used, and an MFA reset asked for (by a new admin) and approved (by the
 * compliance officer given). Returns the secrets it used.
 */
export async function walkAccountBasics(app: TestApp, officer: TestUser): Promise<string[]> {
  const api = () => request(app.baseUrl);
  const admin = await signUp(app, { roles: ['admin'], mfa: true });
  const member = await signUp(app, { mfa: true });
  const second = await signIn(app, member.email, member.userId);
  const sessions = await api().get('/api/v1/auth/sessions').set(member.auth).expect(200);
  const other = json(sessions, activeSessionsSchema).find((session) => !session.current);
  if (!other) throw new Error('the second sign-in is not among the sessions listed');
  await api().delete(`/api/v1/auth/sessions/${other.sessionId}`).set(member.auth).expect(204);
  await api()
    .post('/api/v1/auth/password')
    .set(member.auth)
    .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
    .expect(200);
  const { token } = await issueResetLink(app, admin, member.userId);
  await api().post('/api/v1/auth/password-reset').send({ token, newPassword: RESET_PASSWORD }).expect(204);
  const requested = await api()
    .post(`/api/v1/admin/users/${member.userId}/mfa-reset`)
    .set(admin.auth)
    .send({ reason: 'Lost phone on the train, id checked by video' })
    .expect(201);
  const { requestId } = json(requested, mfaResetRequestedSchema);
  await api().post(`/api/v1/compliance/mfa-resets/${requestId}/approve`).set(officer.auth).expect(200);
  expect(second.accessToken).not.toBe(member.accessToken);
  return [
    NEW_PASSWORD,
    RESET_PASSWORD,
    token,
    'Lost phone on the train, id checked by video',
    member.totpSecret as string,
  ];
}
