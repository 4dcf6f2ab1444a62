import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { kycSubmittedSchema, registeredSchema } from '../../src/identity/http/identity.responses';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { closeIfStarted } from '../support/teardown';

const EVIDENCE = {
  legalName: 'Alan Turing',
  dateOfBirth: '1912-06-23',
  country: 'GB',
  documentType: 'PASSPORT',
  documentNumber: 'T1912',
};

describe('identity writes under many parallel writers', () => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin'], mfa: true });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const userEvents = async (userId: string) =>
    rowsOf(
      await app.database.pool.query('select type, data from events where stream_id = $1 order by revision', [
        `user-${userId}`,
      ]),
      z.object({ type: z.string(), data: storedJsonObject }),
    );

  it('creates one account when 20 sign-ups for the same email race', async () => {
    const email = 'race@example.com';
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(app.baseUrl).post('/api/v1/auth/register').send({ email, password: PASSWORD }),
      ),
    );
    const userIds = new Set(
      results.filter((result) => result.status === 201).map((result) => json(result, registeredSchema).userId),
    );
    expect(userIds.size).toBe(1);
    // Only the winner learns the id: a taken email is 409 whatever the password (issue #12).
    expect(results.map((result) => result.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    const [userId] = userIds;
    expect((await userEvents(userId)).map((event) => event.type)).toEqual(['UserRegistered', 'RoleGranted']);
  });

  it('grants a role once when 30 admins-worth of requests race, and keeps every other grant', async () => {
    const member = await signUp(app);
    const roles = ['board', 'auditor', 'compliance'];
    const grants = Array.from({ length: 30 }, (_, index) =>
      request(app.baseUrl)
        .post(`/api/v1/admin/users/${member.userId}/roles`)
        .set(admin.auth)
        .send({ role: roles[index % 3] }),
    );
    expect((await Promise.all(grants)).map((response) => response.status)).toEqual(Array(30).fill(200));
    const granted = (await userEvents(member.userId))
      .filter((event) => event.type === 'RoleGranted')
      .map((event) => z.string().parse(event.data.role));
    expect(granted.sort()).toEqual(['auditor', 'board', 'compliance', 'member']);
  });

  it('records one KYC submission when 20 retries with one Idempotency-Key race', async () => {
    const member = await signUp(app);
    const submit = () =>
      request(app.baseUrl)
        .post('/api/v1/kyc')
        .set(member.auth)
        .set('Idempotency-Key', 'kyc-submit-0001')
        .send(EVIDENCE);
    const responses = await Promise.all(Array.from({ length: 20 }, submit));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(202));
    expect(new Set(responses.map((response) => json(response, kycSubmittedSchema).submissionId)).size).toBe(1);
    expect((await userEvents(member.userId)).filter((event) => event.type === 'KycSubmitted')).toHaveLength(1);
  });

  it('keeps 40 parallel device reports, each once, in one gap-free stream', async () => {
    const member = await signUp(app);
    const reports = Array.from({ length: 40 }, (_, index) =>
      request(app.baseUrl)
        .post('/api/v1/devices/posture')
        .set(member.auth)
        .set('Idempotency-Key', `posture-${index % 20}-abcdef`)
        .send({ deviceId: `device-${index % 20}`, diskEncrypted: true, osUpToDate: true, screenLock: index % 2 === 0 }),
    );
    expect((await Promise.all(reports)).every((response) => response.status === 200)).toBe(true);
    const postures = (await userEvents(member.userId)).filter((event) => event.type === 'DevicePostureReported');
    expect(postures).toHaveLength(20);
  });

  it('answers 409 when an Idempotency-Key is reused for a different request', async () => {
    const member = await signUp(app);
    const report = (deviceId: string) =>
      request(app.baseUrl)
        .post('/api/v1/devices/posture')
        .set(member.auth)
        .set('Idempotency-Key', 'reused-key-0001')
        .send({ deviceId, diskEncrypted: true, osUpToDate: true, screenLock: true });
    await report('desk-1').expect(200);
    await report('desk-1').expect(200);
    expect(errorOf(await report('desk-2').expect(409)).error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await userEvents(member.userId)).filter((event) => event.type === 'DevicePostureReported')).toHaveLength(1);
  });
});
