import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLOCK } from '../../src/shared-kernel/clock';
import { userStream } from '../../src/identity/domain/user.events';
import {
  activeSessionsSchema,
  mfaResetRequestedSchema,
  sessionsEndedSchema,
} from '../../src/identity/http/account-security.schemas';
import { NEW_PASSWORD, RESET_PASSWORD, bearerLogin, issueResetLink, signInWith } from '../support/account-basics';
import { testClock } from '../support/clock';
import { expectContract } from '../support/gamification';
import { PASSWORD, currentCode, enrollMfa, signIn, signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** #16 §9 over real HTTP: password, sessions, one-time reset links and the two-person MFA reset. */
describe('account basics', () => {
  const clock = testClock();
  let app: TestApp;
  let admin: TestUser;
  let officer: TestUser;
  beforeAll(async () => {
    app = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    admin = await signUp(app, { roles: ['admin'], mfa: true });
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);
  const eventsOf = async (userId: string, type: string) =>
    (await app.store.readStream(userStream(userId))).filter((event) => event.type === type);

  describe('changing your password', () => {
    it('needs the current password: a wrong one is refused and counts as a failed sign-in', async () => {
      const member = await signUp(app);
      const refused = await api()
        .post('/api/v1/auth/password')
        .set(member.auth)
        .send({ currentPassword: 'not my password at all', newPassword: NEW_PASSWORD })
        .expect(400);
      expect(refused.body).toMatchObject({ error: 'CURRENT_PASSWORD_WRONG' });
      expect(await eventsOf(member.userId, 'LoginFailed')).toHaveLength(1);
      expect(await eventsOf(member.userId, 'PasswordChanged')).toHaveLength(0);
      await signInWith(app, member.email, PASSWORD);
    });

    it('sets the new password, keeps this session and ends every other one', async () => {
      const member = await signUp(app);
      const elsewhere = await signIn(app, member.email, member.userId);
      const changed = await api()
        .post('/api/v1/auth/password')
        .set(member.auth)
        .send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD })
        .expect(200);
      expectContract(app, 'POST /api/v1/auth/password', changed.body);
      expect(changed.body).toEqual({ sessionsEnded: 1 });
      await api().get('/api/v1/auth/me').set(member.auth).expect(200);
      await api().get('/api/v1/auth/me').set(elsewhere.auth).expect(401);
      await signInWith(app, member.email, PASSWORD, 401);
      await signInWith(app, member.email, NEW_PASSWORD);
      expect((await eventsOf(member.userId, 'PasswordChanged')).map((event) => event.data)).toEqual([
        { via: 'CURRENT_PASSWORD', resetId: null },
      ]);
    });

    it('refuses a new password that breaks the rules or equals the current one, writing nothing', async () => {
      const member = await signUp(app);
      for (const newPassword of ['short', PASSWORD]) {
        const refused = await api()
          .post('/api/v1/auth/password')
          .set(member.auth)
          .send({ currentPassword: PASSWORD, newPassword })
          .expect(400);
        expect(errorOf(refused).error).toBe('VALIDATION_FAILED');
      }
      expect(await eventsOf(member.userId, 'LoginFailed')).toHaveLength(0);
    });
  });

  describe('your sessions', () => {
    it('lists the active ones, marks this one, and revokes another, which then stops working', async () => {
      const member = await signUp(app);
      const laptop = await signIn(app, member.email, member.userId);
      const listed = await api().get('/api/v1/auth/sessions').set(member.auth).expect(200);
      expectContract(app, 'GET /api/v1/auth/sessions', listed.body);
      const sessions = json(listed, activeSessionsSchema);
      expect(sessions).toHaveLength(2);
      const other = sessions.find((session) => !session.current);
      expect(sessions.filter((session) => session.current)).toHaveLength(1);
      if (!other) throw new Error('the other sign-in is not among the sessions listed');
      await api().delete(`/api/v1/auth/sessions/${other.sessionId}`).set(member.auth).expect(204);
      await api().get('/api/v1/auth/me').set(laptop.auth).expect(401);
      expect((await api().get('/api/v1/auth/sessions').set(member.auth).expect(200)).body).toHaveLength(1);
      expect((await eventsOf(member.userId, 'SessionRevoked')).map((event) => event.data)).toEqual([
        { sessionId: other.sessionId, revokedBy: member.userId },
      ]);
    });

    it("answers SESSION_NOT_FOUND for someone else's session, and leaves it working", async () => {
      const member = await signUp(app);
      const stranger = await signUp(app);
      const [theirs] = json(
        await api().get('/api/v1/auth/sessions').set(stranger.auth).expect(200),
        activeSessionsSchema,
      );
      const refused = await api().delete(`/api/v1/auth/sessions/${theirs.sessionId}`).set(member.auth).expect(404);
      expect(errorOf(refused).error).toBe('SESSION_NOT_FOUND');
      await api().get('/api/v1/auth/me').set(stranger.auth).expect(200);
    });
  });

  describe('admin-issued reset links', () => {
    it('sets a new password once, ends every session, and records who issued it, never the token', async () => {
      const member = await signUp(app);
      const { resetId, token } = await issueResetLink(app, admin, member.userId);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      const stored = z
        .object({ token_hash: z.string() })
        .parse(await app.database.knex('password_resets').where({ reset_id: resetId }).first());
      expect(stored.token_hash).not.toContain(token);
      await api().post('/api/v1/auth/password-reset').send({ token, newPassword: RESET_PASSWORD }).expect(204);
      await api().get('/api/v1/auth/me').set(member.auth).expect(401);
      await signInWith(app, member.email, RESET_PASSWORD);
      const again = await api()
        .post('/api/v1/auth/password-reset')
        .send({ token, newPassword: 'yet another long password' })
        .expect(400);
      expect(again.body).toMatchObject({ error: 'RESET_LINK_INVALID', details: { reason: 'USED' } });
      expect((await eventsOf(member.userId, 'PasswordResetIssued')).map((event) => event.data)).toEqual([
        { resetId, issuedBy: admin.userId, expiresAt: expect.any(String) as unknown },
      ]);
      expect((await eventsOf(member.userId, 'PasswordChanged')).map((event) => event.data)).toEqual([
        { via: 'RESET_LINK', resetId },
      ]);
    });

    it('refuses an unknown token, a link for yourself and a non-admin issuer', async () => {
      const member = await signUp(app);
      const unknown = await api()
        .post('/api/v1/auth/password-reset')
        .send({ token: 'A'.repeat(43), newPassword: RESET_PASSWORD })
        .expect(400);
      expect(unknown.body).toMatchObject({ error: 'RESET_LINK_INVALID', details: { reason: 'UNKNOWN' } });
      const own = await api().post(`/api/v1/admin/users/${admin.userId}/password-reset`).set(admin.auth).expect(403);
      expect(errorOf(own).error).toBe('OWN_ACCOUNT_RESET');
      await api().post(`/api/v1/admin/users/${admin.userId}/password-reset`).set(member.auth).expect(403);
    });

    it('used by many at once, succeeds exactly once', async () => {
      const member = await signUp(app);
      const { resetId, token } = await issueResetLink(app, admin, member.userId);
      const attempts = Array.from({ length: 12 }, (_, index) =>
        api()
          .post('/api/v1/auth/password-reset')
          .send({ token, newPassword: `parallel password number ${index}` }),
      );
      const statuses = (await Promise.all(attempts)).map((response) => response.status);
      expect(statuses.filter((status) => status === 204)).toHaveLength(1);
      expect(statuses.filter((status) => status === 400)).toHaveLength(11);
      expect(
        (await eventsOf(member.userId, 'PasswordChanged')).filter((event) => event.data.resetId === resetId),
      ).toHaveLength(1);
      const winner = statuses.indexOf(204);
      await signInWith(app, member.email, `parallel password number ${winner}`);
    });
  });

  describe('the two-person MFA reset', () => {
    it('an admin asks, a compliance officer approves: MFA is off, sessions end, and the user sets up a new phone', async () => {
      const member = await signUp(app, { mfa: true });
      const requested = await api()
        .post(`/api/v1/admin/users/${member.userId}/mfa-reset`)
        .set(admin.auth)
        .send({ reason: 'Lost phone, identity checked on a video call' })
        .expect(201);
      expectContract(app, 'POST /api/v1/admin/users/:userId/mfa-reset', requested.body);
      const { requestId } = json(requested, mfaResetRequestedSchema);
      const pending = await api().get('/api/v1/compliance/mfa-resets').set(officer.auth).expect(200);
      expectContract(app, 'GET /api/v1/compliance/mfa-resets', pending.body);
      expect(pending.body).toContainEqual(
        expect.objectContaining({
          requestId,
          userId: member.userId,
          email: member.email,
          requestedBy: admin.userId,
          reason: 'Lost phone, identity checked on a video call',
        }),
      );
      const approved = await api()
        .post(`/api/v1/compliance/mfa-resets/${requestId}/approve`)
        .set(officer.auth)
        .expect(200);
      expectContract(app, 'POST /api/v1/compliance/mfa-resets/:requestId/approve', approved.body);
      expect(json(approved, sessionsEndedSchema).sessionsEnded).toBeGreaterThanOrEqual(1);
      await api().get('/api/v1/auth/me').set(member.auth).expect(401);
      const login = bearerLogin(await signInWith(app, member.email, PASSWORD));
      expect(login.mfaEnabled).toBe(false);
      const fresh = await enrollMfa(app, {
        ...member,
        accessToken: login.accessToken,
        auth: { Authorization: `Bearer ${login.accessToken}` },
      });
      expect(fresh.totpSecret).not.toBe(member.totpSecret);
      expect(await eventsOf(member.userId, 'MfaEnabled')).toHaveLength(2);
      expect((await api().get('/api/v1/compliance/mfa-resets').set(officer.auth).expect(200)).body).not.toContainEqual(
        expect.objectContaining({ requestId }),
      );
    });

    it('is never approved by whoever asked for it, and a second request waits for the first', async () => {
      const both = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
      const member = await signUp(app, { mfa: true });
      const { requestId } = json(
        await api()
          .post(`/api/v1/admin/users/${member.userId}/mfa-reset`)
          .set(both.auth)
          .send({ reason: 'Phone stolen' })
          .expect(201),
        mfaResetRequestedSchema,
      );
      const own = await api().post(`/api/v1/compliance/mfa-resets/${requestId}/approve`).set(both.auth).expect(403);
      expect(errorOf(own).error).toBe('SECOND_PERSON_REQUIRED');
      const second = await api()
        .post(`/api/v1/admin/users/${member.userId}/mfa-reset`)
        .set(admin.auth)
        .send({ reason: 'Phone stolen' })
        .expect(409);
      expect(errorOf(second).error).toBe('MFA_RESET_PENDING');
      await api()
        .post('/api/v1/auth/mfa/verify')
        .set((await signIn(app, member.email, member.userId)).auth)
        .send({ code: currentCode(member.totpSecret as string, 1) })
        .expect(204);
      expect(await eventsOf(member.userId, 'MfaResetApproved')).toHaveLength(0);
    });

    it('answers a retry with the same Idempotency-Key with the same request, written once', async () => {
      const member = await signUp(app, { mfa: true });
      const ask = () =>
        api()
          .post(`/api/v1/admin/users/${member.userId}/mfa-reset`)
          .set(admin.auth)
          .set('Idempotency-Key', `lost-phone-${member.userId}`)
          .send({ reason: 'Lost phone' })
          .expect(201);
      const first = await ask();
      const retry = await ask();
      expect(retry.body).toEqual(first.body);
      expect(await eventsOf(member.userId, 'MfaResetRequested')).toHaveLength(1);
    });

    it('refuses an account without MFA and an unknown request', async () => {
      const member = await signUp(app);
      const refused = await api()
        .post(`/api/v1/admin/users/${member.userId}/mfa-reset`)
        .set(admin.auth)
        .send({ reason: 'Lost phone' })
        .expect(409);
      expect(errorOf(refused).error).toBe('MFA_NOT_ENABLED');
      const unknown = await api()
        .post(`/api/v1/compliance/mfa-resets/${crypto.randomUUID()}/approve`)
        .set(officer.auth)
        .expect(409);
      expect(errorOf(unknown).error).toBe('MFA_RESET_NOT_PENDING');
    });
  });

  // Last: it moves the clock a day on, past the access tokens and TOTP steps the tests above use.
  describe('an expired reset link', () => {
    it('stops working when it expires', async () => {
      const member = await signUp(app);
      const { token } = await issueResetLink(app, admin, member.userId);
      clock.advance(86_400_000);
      const expired = await api()
        .post('/api/v1/auth/password-reset')
        .send({ token, newPassword: RESET_PASSWORD })
        .expect(400);
      expect(expired.body).toMatchObject({ error: 'RESET_LINK_INVALID', details: { reason: 'EXPIRED' } });
      await signInWith(app, member.email, PASSWORD);
    });
  });
});

describe('account basics under a small sign-in limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false', LOGIN_RATE_LIMIT_MAX: '3' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('limits guessing reset tokens per address, as sign-in is', async () => {
    const guess = () =>
      request(app.baseUrl)
        .post('/api/v1/auth/password-reset')
        .send({ token: 'B'.repeat(43), newPassword: RESET_PASSWORD });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await guess()).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
  });
});
