import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { z } from 'zod';
import { totpCode, totpStep } from '../../src/platform/auth/totp';
import { GrantRole } from '../../src/identity/commands/user.commands';
import type { Role } from '../../src/identity/domain/roles.contract';
import { loginResponseSchema, mfaEnrolmentSchema, registeredSchema } from '../../src/identity/http/identity.responses';
import { json, rowsOf } from './json';
import type { TestApp } from './test-app';

export const PASSWORD = 'correct horse battery staple';

export interface TestUser {
  userId: string;
  email: string;
  accessToken: string;
  refreshToken: string;
  /** Base32 TOTP secret when the user enrolled MFA. */
  totpSecret: string | null;
  auth: { Authorization: string };
}

/** Registers, optionally grants roles (as the system would on an admin's behalf), signs in. */
export async function signUp(
  app: TestApp,
  options: { roles?: Role[]; mfa?: boolean; email?: string } = {},
): Promise<TestUser> {
  const email = options.email ?? `user-${randomUUID()}@example.com`;
  const registered = await request(app.baseUrl)
    .post('/api/v1/auth/register')
    .send({ email, password: PASSWORD })
    .expect(201);
  const { userId } = json(registered, registeredSchema);
  for (const role of options.roles ?? []) {
    await app.app.get(CommandBus).execute(new GrantRole(userId, role, { commandId: randomUUID(), actorId: null }));
  }
  const user = await signIn(app, email, userId);
  return options.mfa ? enrollMfa(app, user) : user;
}

export async function signIn(app: Pick<TestApp, 'baseUrl'>, email: string, userId: string): Promise<TestUser> {
  const login = await request(app.baseUrl)
    .post('/api/v1/auth/login')
    .send({ email, password: PASSWORD, session: 'bearer' })
    .expect(200);
  const session = json(login, loginResponseSchema);
  if (!('accessToken' in session)) throw new Error('a bearer sign-in answered without tokens');
  const { accessToken, refreshToken } = session;
  return {
    userId,
    email,
    accessToken,
    refreshToken,
    totpSecret: null,
    auth: { Authorization: `Bearer ${accessToken}` },
  };
}

export async function enrollMfa(app: Pick<TestApp, 'baseUrl'>, user: TestUser): Promise<TestUser> {
  const enrolled = await request(app.baseUrl).post('/api/v1/auth/mfa/enroll').set(user.auth).expect(200);
  const totpSecret = new URL(json(enrolled, mfaEnrolmentSchema).otpauthUri).searchParams.get('secret');
  if (totpSecret === null) throw new Error('the otpauth URI carries no secret');
  await request(app.baseUrl)
    .post('/api/v1/auth/mfa/confirm')
    .set(user.auth)
    .send({ code: currentCode(totpSecret) })
    .expect(200);
  return { ...user, totpSecret };
}

export function currentCode(secret: string, offsetSteps = 0): string {
  return totpCode(secret, totpStep(Date.now()) + offsetSteps);
}

/** Events of the whole store, for "nothing was written" assertions. */
export async function eventCount(app: TestApp): Promise<number> {
  const [row] = rowsOf(
    await app.database.pool.query('select count(*)::int as count from events'),
    z.object({ count: z.number() }),
  );
  return row.count;
}
