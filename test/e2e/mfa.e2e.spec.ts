import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, currentCode, signIn, signUp } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { mfaEnrolmentSchema, recoveryCodesSchema } from '../../src/identity/http/identity.responses';
import { errorOf, json } from '../support/json';
import { closeIfStarted } from '../support/teardown';

describe('TOTP MFA', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);

  it('enrols with an otpauth URI and QR code, confirms a first code and hands out ten recovery codes', async () => {
    const user = await signUp(app);
    const enrolled = json(await api().post('/api/v1/auth/mfa/enroll').set(user.auth).expect(200), mfaEnrolmentSchema);
    expect(enrolled.otpauthUri).toMatch(/^otpauth:\/\/totp\/SmartStart:user-.*\?secret=[A-Z2-7]{32}&issuer=SmartStart/);
    expect(enrolled.qrSvg).toMatch(/^<svg/);
    const secret = new URL(enrolled.otpauthUri).searchParams.get('secret') as string;
    await api()
      .post('/api/v1/auth/mfa/confirm')
      .set(user.auth)
      .send({ code: '000000' === currentCode(secret) ? '111111' : '000000' })
      .expect(400);
    const confirmed = await api()
      .post('/api/v1/auth/mfa/confirm')
      .set(user.auth)
      .send({ code: currentCode(secret) })
      .expect(200);
    const { recoveryCodes } = json(confirmed, recoveryCodesSchema);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const me = await api().get('/api/v1/auth/me').set(user.auth).expect(200);
    expect(me.body).toMatchObject({ mfaEnabled: true, mfaVerified: true });
    await api().post('/api/v1/auth/mfa/enroll').set(user.auth).expect(409);
  });

  it('requires a verified session for admin actions, and a code works only once', async () => {
    const admin = await signUp(app, { roles: ['admin'], mfa: true });
    const fresh = await signIn(app, admin.email, admin.userId);
    const login = await api().post('/api/v1/auth/login').send({ email: admin.email, password: PASSWORD }).expect(200);
    expect(login.body).toMatchObject({ mfaEnabled: true, mfaRequired: true });

    const blocked = await api().get('/api/v1/admin/users').set(fresh.auth).expect(403);
    expect(errorOf(blocked).error).toBe('MFA_REQUIRED');
    const code = currentCode(admin.totpSecret as string, 1);
    await api().post('/api/v1/auth/mfa/verify').set(fresh.auth).send({ code }).expect(204);
    await api().get('/api/v1/admin/users').set(fresh.auth).expect(200);

    const other = await signIn(app, admin.email, admin.userId);
    const replay = await api().post('/api/v1/auth/mfa/verify').set(other.auth).send({ code }).expect(400);
    expect(errorOf(replay).error).toBe('INVALID_MFA_CODE');
  });

  it('lets a password-only session of an MFA account do nothing but finish signing in', async () => {
    const user = await signUp(app, { mfa: true });
    const session = await signIn(app, user.email, user.userId);
    await api().get('/api/v1/auth/me').set(session.auth).expect(200);
    const posture = { deviceId: 'laptop-9', diskEncrypted: true, osUpToDate: true, screenLock: true };
    expect(errorOf(await api().post('/api/v1/devices/posture').set(session.auth).send(posture).expect(403)).error).toBe(
      'MFA_REQUIRED',
    );
    await api().get('/api/v1/wallet/me').set(session.auth).expect(403);
    await api()
      .post('/api/v1/auth/mfa/verify')
      .set(session.auth)
      .send({ code: currentCode(user.totpSecret as string, 1) })
      .expect(204);
    await api().post('/api/v1/devices/posture').set(session.auth).send(posture).expect(200);
  });

  it('accepts each recovery code once', async () => {
    const user = await signUp(app);
    const enrolled = json(await api().post('/api/v1/auth/mfa/enroll').set(user.auth).expect(200), mfaEnrolmentSchema);
    const secret = new URL(enrolled.otpauthUri).searchParams.get('secret') as string;
    const { recoveryCodes } = json(
      await api()
        .post('/api/v1/auth/mfa/confirm')
        .set(user.auth)
        .send({ code: currentCode(secret) })
        .expect(200),
      recoveryCodesSchema,
    );
    const session = await signIn(app, user.email, user.userId);
    await api().post('/api/v1/auth/mfa/verify').set(session.auth).send({ recoveryCode: recoveryCodes[0] }).expect(204);
    const again = await signIn(app, user.email, user.userId);
    await api().post('/api/v1/auth/mfa/verify').set(again.auth).send({ recoveryCode: recoveryCodes[0] }).expect(400);
    await api().post('/api/v1/auth/mfa/verify').set(again.auth).send({ recoveryCode: 'not a code' }).expect(400);
  });
});
