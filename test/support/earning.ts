import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import { memberStream } from '../../src/progress/domain/member.events';
import { signUp, type TestUser } from './identity';
import type { TestApp } from './test-app';

const points = (value: number) => (BigInt(Math.round(value * 1000)) * 1000n).toString();

/** Gives a member a settled reputation, as if earned over past days (a "given" history). */
export async function givenReputation(app: TestApp, userId: string, repPoints: number): Promise<void> {
  await app.store.append(
    memberStream(userId),
    [{ eventId: randomUUID(), type: 'ReputationSettled', data: { day: '2026-01-01', previousRepMicro: '0', repMicro: points(repPoints), xpGain: 0, gainMicro: '0' }, metadata: { occurredAt: '2026-01-02T02:00:00.000Z', actorId: null, commandId: null, correlationId: null, causationId: null } }],
    { expectedRevision: 'any' },
  );
}

/** A member who passes every gate: KYC passed, a compliant device, reputation 75. */
export async function eligibleMember(app: TestApp, officer: TestUser): Promise<TestUser> {
  const member = await signUp(app);
  await request(app.baseUrl).post('/api/v1/kyc').set(member.auth).send({ legalName: 'Test Member', dateOfBirth: '1990-01-01', country: 'DE', documentType: 'ID_CARD', documentNumber: 'ID123456' }).expect(202);
  await request(app.baseUrl).post(`/api/v1/kyc/${member.userId}/decision`).set(officer.auth).send({ status: 'PASSED', reason: 'checked' }).expect(200);
  await request(app.baseUrl).post('/api/v1/devices/posture').set(member.auth).send({ deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true }).expect(200);
  await givenReputation(app, member.userId, 75);
  return member;
}

export async function integrationAuth(app: TestApp): Promise<{ Authorization: string }> {
  const { token } = await createApiToken(app.database.knex, `test-${randomUUID()}`, 'system');
  return { Authorization: `Bearer ${token}` };
}

/**
 * Accepted now by default: the daily cap counts BUZ by the acceptance's UTC day, and the wallet
 * reports the cap left for the server's today, so a fixed date would only match on that date.
 */
export function acceptance(assigneeId: string, reviewerIds: string[], overrides: Record<string, unknown> = {}) {
  return { taskId: `ext-${randomUUID()}`, ventureId: randomUUID(), assigneeId, tier: 'A', quality: 4, reviewerIds, acceptedAt: new Date().toISOString(), ...overrides };
}
