import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createApiToken } from '../../src/identity/accounts/api-token.service';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { memberStream } from '../../src/progress/domain/member.events';
import { signUp, type TestUser } from './identity';
import type { TestApp } from './test-app';

const points = (value: number) => (BigInt(Math.round(value * 1000)) * 1000n).toString();

/** Gives a member a settled reputation, as if earned over past days (a "given" history), settled through `day`. */
export async function givenReputation(
  app: Pick<TestApp, 'store'>,
  userId: string,
  repPoints: number,
  day = '2026-01-01',
): Promise<void> {
  const occurredAt = new Date(Date.parse(`${day}T02:00:00.000Z`) + 86_400_000).toISOString();
  await app.store.append(
    memberStream(userId),
    [
      {
        eventId: randomUUID(),
        type: 'ReputationSettled',
        data: {
          day,
          previousRepMicro: '0',
          repMicro: points(repPoints),
          xpGain: 0,
          gainMicro: '0',
          endorsementsWeightedMilli: 0,
          badges: 0,
        },
        metadata: { occurredAt, actorId: null, commandId: null, correlationId: null, causationId: null },
      },
    ],
    { expectedRevision: 'any' },
  );
}

/** A member who passes every gate: KYC passed, a compliant device, reputation 75. */
export async function eligibleMember(app: TestApp, officer: TestUser): Promise<TestUser> {
  const member = await signUp(app);
  await request(app.baseUrl)
    .post('/api/v1/kyc')
    .set(member.auth)
    .send({
      legalName: 'Test Member',
      dateOfBirth: '1990-01-01',
      country: 'DE',
      documentType: 'ID_CARD',
      documentNumber: 'ID123456',
    })
    .expect(202);
  await request(app.baseUrl)
    .post(`/api/v1/kyc/${member.userId}/decision`)
    .set(officer.auth)
    .send({ status: 'PASSED', reason: 'checked' })
    .expect(200);
  await request(app.baseUrl)
    .post('/api/v1/devices/posture')
    .set(member.auth)
    .send({ deviceId: 'laptop', diskEncrypted: true, osUpToDate: true, screenLock: true })
    .expect(200);
  await givenReputation(app, member.userId, 75);
  return member;
}

export async function integrationAuth(app: TestApp): Promise<{ Authorization: string }> {
  const { token } = await createApiToken(app.database.knex, `test-${randomUUID()}`, 'system');
  return { Authorization: `Bearer ${token}` };
}

/**
 * Accepted now by default: the server refuses an acceptedAt outside the last 7 days (up to 5
 * minutes ahead), so a fixed date would stop working once the calendar passed it.
 */
export function acceptance(assigneeId: string, reviewerIds: string[], overrides: Record<string, unknown> = {}) {
  return {
    taskId: `ext-${randomUUID()}`,
    ventureId: randomUUID(),
    assigneeId,
    tier: 'A',
    quality: 4,
    reviewerIds,
    acceptedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** The UTC day the ledger recorded each task's acceptance (its event's occurredAt): the day its BUZ counts against the cap. */
export async function recordedDays(app: TestApp, taskIds: readonly string[]): Promise<string[]> {
  const streams = await app.store.readStreams(new Map(taskIds.map((taskId) => [`task-${taskId}`, 0n])));
  return taskIds.map((taskId) => {
    const accepted = streams.get(`task-${taskId}`)?.find((event) => event.type === 'TaskAccepted');
    if (!accepted) throw new Error(`task ${taskId} has no TaskAccepted`);
    return accepted.metadata.occurredAt.slice(0, 10);
  });
}

/** `buzEach` asked for each task on the day the ledger recorded it (`days`, one per task), plus what was paid before. */
export function requestedPerDay(
  days: readonly string[],
  buzEach: bigint,
  before: ReadonlyMap<string, bigint> = new Map(),
): Map<string, bigint> {
  const requested = new Map(before);
  for (const day of days) requested.set(day, (requested.get(day) ?? 0n) + buzEach);
  return requested;
}

/** What the cap allows per day for what was asked per day: a test spanning midnight UTC gets a cap for each of its days. */
export function cappedPerDay(requested: ReadonlyMap<string, bigint>, capBuz: bigint): Map<string, bigint> {
  return new Map([...requested].map(([day, buz]) => [day, buz < capBuz ? buz : capBuz]));
}

/** BUZ issued per cap day, from a wallet's events. */
export function issuedPerDay(events: readonly RecordedEvent[]): Map<string, bigint> {
  const issued = new Map<string, bigint>();
  for (const event of events.filter((candidate) => candidate.type === 'BuzIssued')) {
    const day = event.data.day as string;
    issued.set(day, (issued.get(day) ?? 0n) + BigInt(event.data.amountBuz as string));
  }
  return issued;
}
