import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { meResponseSchema, userDevicesSchema } from '../../src/identity/http/identity.responses';
import { errorOf, json, rowsOf } from '../support/json';
import { anyString, objectContaining } from '../support/matchers';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const kycStatusOf = (response: { body: unknown }) => json(response, meResponseSchema.options[0]).kycStatus;

const EVIDENCE = {
  legalName: 'Ada Lovelace',
  dateOfBirth: '1815-12-10',
  country: 'GB',
  documentType: 'PASSPORT',
  documentNumber: 'P1234567',
};

describe('KYC and device posture', () => {
  let app: TestApp;
  let member: TestUser;
  let officer: TestUser;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    member = await signUp(app);
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const api = () => request(app.baseUrl);

  it('takes a submission as PENDING, queues it with its evidence, and records the decision as an event', async () => {
    await api().post('/api/v1/kyc').set(member.auth).send(EVIDENCE).expect(202);
    await api().post('/api/v1/kyc').set(member.auth).send(EVIDENCE).expect(409);
    expect(kycStatusOf(await api().get('/api/v1/auth/me').set(member.auth))).toBe('PENDING');
    await app.waitForProjections();
    const queue = await api().get('/api/v1/kyc/queue').set(officer.auth).expect(200);
    expect(queue.body).toContainEqual(
      objectContaining({ userId: member.userId, email: member.email, evidence: EVIDENCE }),
    );

    const refused = await api()
      .post(`/api/v1/kyc/${member.userId}/decision`)
      .set(officer.auth)
      .send({ status: 'MAYBE', reason: 'x' })
      .expect(400);
    expect(errorOf(refused).message).toContain('status');
    await api()
      .post(`/api/v1/kyc/${member.userId}/decision`)
      .set(officer.auth)
      .send({ status: 'PASSED', reason: 'Passport checked' })
      .expect(200);
    await api()
      .post(`/api/v1/kyc/${member.userId}/decision`)
      .set(officer.auth)
      .send({ status: 'FAILED', reason: 'Changed my mind' })
      .expect(409);
    expect(kycStatusOf(await api().get('/api/v1/auth/me').set(member.auth))).toBe('PASSED');

    const rows = rowsOf(
      await app.database.pool.query('select type, data from events where stream_id = $1 order by revision', [
        `user-${member.userId}`,
      ]),
      z.object({ type: z.string(), data: z.string() }),
    );
    expect(rows.map((row) => row.type)).toEqual(['UserRegistered', 'RoleGranted', 'KycSubmitted', 'KycStatusChanged']);
    expect(rows.map((row) => row.data).join()).not.toMatch(/Lovelace|P1234567|1815/);
  });

  it('refuses a decision from the member themselves, who lacks the role', async () => {
    await api()
      .post(`/api/v1/kyc/${member.userId}/decision`)
      .set(member.auth)
      .send({ status: 'PASSED', reason: 'trust me' })
      .expect(403);
  });

  it('tracks devices, compliance and its continuity, and policy violations', async () => {
    const posture = { deviceId: 'laptop-7', diskEncrypted: true, osUpToDate: true, screenLock: true };
    expect((await api().post('/api/v1/devices/posture').set(member.auth).send(posture).expect(200)).body).toEqual({
      compliant: true,
    });
    expect(
      (
        await api()
          .post('/api/v1/devices/posture')
          .set(member.auth)
          .send({ ...posture, deviceId: 'phone-1', screenLock: false })
          .expect(200)
      ).body,
    ).toEqual({ compliant: false });
    await api()
      .post(`/api/v1/users/${member.userId}/policy-violations`)
      .set(officer.auth)
      .send({ policy: 'UNLOCKED_PHONE', severity: 'MEDIUM' })
      .expect(201);
    await app.waitForProjections();

    const own = await api().get(`/api/v1/users/${member.userId}/devices`).set(member.auth).expect(200);
    const { devices, violations } = json(own, userDevicesSchema);
    expect(devices).toEqual([
      objectContaining({ deviceId: 'laptop-7', compliant: true, daysCompliant: 0, compliantSince: anyString }),
      objectContaining({ deviceId: 'phone-1', compliant: false, daysCompliant: 0, compliantSince: null }),
    ]);
    expect(violations).toEqual([
      objectContaining({ policy: 'UNLOCKED_PHONE', severity: 'MEDIUM', recordedBy: officer.userId }),
    ]);
    const stranger = await signUp(app);
    await api().get(`/api/v1/users/${member.userId}/devices`).set(stranger.auth).expect(403);
    await api().get(`/api/v1/users/${member.userId}/devices`).set(officer.auth).expect(200);
  });
});
