import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskAcceptedReactor } from '../../src/earning/task-accepted.reactor';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { ProjectionsService } from '../../src/platform/projections/projections.service';
import { acceptance, eligibleMember, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';

const DAY = '2026-03-02';
const issuedBuz = (events: RecordedEvent[]) => events.filter((event) => event.type === 'BuzIssued').reduce((sum, event) => sum + BigInt(event.data.amountBuz as string), 0n);
const metadata = { occurredAt: `${DAY}T10:00:00.000Z`, actorId: null, commandId: null, correlationId: null, causationId: null };

/** A fresh app with a compliance officer and a system token. */
async function earningApp(): Promise<{ app: TestApp; officer: TestUser; system: { Authorization: string } }> {
  const app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  return { app, officer: await signUp(app, { roles: ['compliance'], mfa: true }), system: await integrationAuth(app) };
}

/** The reactor pays a batch with one append per wallet: the cap, once-only and re-runs must hold for batches too. */
describe('earning in batches: a wallet written behind the reactor\'s cached state', () => {
  let app: TestApp;
  let officer: TestUser;
  let system: { Authorization: string };

  beforeAll(async () => {
    ({ app, officer, system } = await earningApp());
  });
  afterAll(async () => {
    await app?.close();
  });
  const post = (body: object) => request(app.baseUrl).post('/api/v1/events/task/accepted').set(system).send(body);
  const walletEvents = async (userId: string) => (await app.store.readStream(`wallet-${userId}`)).filter((event) => event.data.day === DAY);
  // C, quality 1, a reviewer without reputation: 50 × 0.6 × 0.7 = 21 BUZ a task.
  const smallTask = (member: TestUser) => acceptance(member.userId, [officer.userId], { tier: 'C', quality: 1, acceptedAt: `${DAY}T09:00:00Z` });

  it('keeps the cap when another writer paid the wallet behind the cached state, and pays each task once', async () => {
    const member = await eligibleMember(app, officer);
    await post(smallTask(member)).expect(200);
    await app.waitForProjections();
    // Another instance's payout the reactor's cache has not seen: 1,970 of the day's 2,000 are gone.
    const inputs = { tier: 'S', tierBaseBuz: 400, quality: 5, qualityMultiplier: '1.4', reviewerRepMicro: [], avgReviewerRepMicro: '0', reviewerCred: '1.100000', exactBuz: '1949.000000' };
    await app.store.append(`wallet-${member.userId}`, [{ eventId: randomUUID(), type: 'BuzIssued', data: { taskId: 'elsewhere', day: DAY, amountBuz: '1949', requestedBuz: '1949', capped: false, inputs }, metadata }], { expectedRevision: 'any' });

    const bodies = Array.from({ length: 30 }, () => smallTask(member));
    expect((await Promise.all(bodies.map(post))).every((response) => response.status === 200)).toBe(true);
    await app.waitForProjections();

    const events = await walletEvents(member.userId);
    expect(issuedBuz(events)).toBe(2000n);
    const taskIds = events.map((event) => event.data.taskId);
    expect(new Set(taskIds).size).toBe(taskIds.length);
    expect(taskIds).toEqual(expect.arrayContaining(bodies.map((body) => body.taskId)));
    expect(events.filter((event) => event.type === 'BuzIssuanceWithheld').every((event) => event.data.reason === 'CAP')).toBe(true);
  });
});

describe('earning in batches: the reactor applying one large batch by hand', () => {
  let app: TestApp;
  let officer: TestUser;
  let system: { Authorization: string };

  beforeAll(async () => {
    ({ app, officer, system } = await earningApp());
    // The live reactor is stopped, so the whole backlog is one batch and the test owns every run of it.
    await app.app.get(ProjectionsService).runners.find((runner) => runner.projection.name === 'earning_process')?.stop();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('pays 120 acceptances of one assignee once each within the cap, twice at once, and writes nothing new when run again', async () => {
    const member = await eligibleMember(app, officer);
    const bodies = Array.from({ length: 120 }, () => acceptance(member.userId, [officer.userId], { tier: 'C', quality: 1, acceptedAt: `${DAY}T09:00:00Z` }));
    await Promise.all(bodies.map((body) => request(app.baseUrl).post('/api/v1/events/task/accepted').set(system).send(body).expect(200)));
    const accepted = (await app.store.readAll({ maxCount: 100_000 })).filter((event) => event.type === 'TaskAccepted' && event.data.assigneeId === member.userId);
    expect(accepted).toHaveLength(120);

    const reactor = app.app.get(TaskAcceptedReactor);
    await Promise.all([reactor.apply(null, accepted), reactor.apply(null, [...accepted].reverse())]);
    const paid = await app.store.readStream(`wallet-${member.userId}`);
    expect(issuedBuz(paid)).toBe(2000n);
    expect(new Set(paid.map((event) => event.data.taskId))).toEqual(new Set(bodies.map((body) => body.taskId)));
    expect(paid).toHaveLength(120);

    await reactor.apply(null, accepted);
    expect((await app.store.readStream(`wallet-${member.userId}`)).map((event) => event.eventId)).toEqual(paid.map((event) => event.eventId));
    const xp = (await app.store.readStream(`member-${member.userId}`)).filter((event) => event.type === 'XpAwarded');
    expect(new Set(xp.map((event) => event.data.ref)).size).toBe(120);
    expect(xp).toHaveLength(120);
  });
});
