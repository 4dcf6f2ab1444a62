import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskAcceptedReactor } from '../../src/earning/task-accepted.reactor';
import { derivedId } from '../../src/shared-kernel/ids';
import { FeedRunnersService } from '../../src/platform/feed-runner/feed-runners.service';
import {
  acceptance,
  cappedPerDay,
  eligibleMember,
  integrationAuth,
  issuedPerDay,
  recordedDays,
  requestedPerDay,
} from '../support/earning';
import { wholeFeed } from '../support/feed';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const CAP = 2000n;
// C, quality 1, a reviewer without reputation: 50 × 0.6 × 0.7 = 21 BUZ a task.
const TASK_BUZ = 21n;

/** A fresh app with a compliance officer and a system token. */
async function earningApp(): Promise<{ app: TestApp; officer: TestUser; system: { Authorization: string } }> {
  const app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  return { app, officer: await signUp(app, { roles: ['compliance'], mfa: true }), system: await integrationAuth(app) };
}

/** The live reactor is stopped, so a whole backlog is one batch and the test owns every run of it. */
async function earningAppWithoutLiveReactor(): ReturnType<typeof earningApp> {
  const earning = await earningApp();
  await earning.app.app.get(FeedRunnersService).runner('earning_process')?.stop();
  return earning;
}

/** The reactor pays a batch with one append per wallet: the cap, once-only and re-runs must hold for batches too. */
describe("earning in batches: a wallet written behind the reactor's cached state", () => {
  let app: TestApp;
  let officer: TestUser;
  let system: { Authorization: string };

  beforeAll(async () => {
    ({ app, officer, system } = await earningApp());
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const post = (body: object) => request(app.baseUrl).post('/api/v1/events/task/accepted').set(system).send(body);
  const smallTask = (member: TestUser) => acceptance(member.userId, [officer.userId], { tier: 'C', quality: 1 });

  it('keeps the cap when another writer paid the wallet behind the cached state, and pays each task once', async () => {
    const member = await eligibleMember(app, officer);
    const first = smallTask(member);
    await post(first).expect(200);
    await app.waitForProjections();
    // Another instance's payout the reactor's cache has not seen, on the first task's cap day: 1,970 of its 2,000 are gone.
    const [day] = await recordedDays(app, [first.taskId]);
    const inputs = {
      tier: 'S',
      tierBaseBuz: 400,
      quality: 5,
      qualityMultiplier: '1.4',
      reviewerRepMicro: [],
      avgReviewerRepMicro: '0',
      reviewerCred: '1.100000',
      exactBuz: '1949.000000',
    };
    const metadata = {
      occurredAt: `${day}T10:00:00.000Z`,
      actorId: null,
      commandId: null,
      correlationId: null,
      causationId: null,
    };
    await app.store.append(
      `wallet-${member.userId}`,
      [
        {
          eventId: randomUUID(),
          type: 'BuzIssued',
          data: { taskId: 'elsewhere', day, amountBuz: '1949', requestedBuz: '1949', capped: false, inputs },
          metadata,
        },
      ],
      { expectedRevision: 'any' },
    );

    const bodies = Array.from({ length: 30 }, () => smallTask(member));
    expect((await Promise.all(bodies.map(post))).every((response) => response.status === 200)).toBe(true);
    await app.waitForProjections();

    // All on one day, but the expectation holds should the run span midnight UTC: each day its own cap.
    const requested = requestedPerDay(
      await recordedDays(app, [first.taskId, ...bodies.map((body) => body.taskId)]),
      TASK_BUZ,
      new Map([[day, 1949n]]),
    );
    const events = await app.store.readStream(`wallet-${member.userId}`);
    expect(issuedPerDay(events)).toEqual(cappedPerDay(requested, CAP));
    const taskIds = events.map((event) => event.data.taskId);
    expect(new Set(taskIds).size).toBe(taskIds.length);
    expect(taskIds).toEqual(expect.arrayContaining(bodies.map((body) => body.taskId)));
    expect(
      events.filter((event) => event.type === 'BuzIssuanceWithheld').every((event) => event.data.reason === 'CAP'),
    ).toBe(true);
  });
});

describe('earning in batches: the reactor applying one large batch by hand', () => {
  let app: TestApp;
  let officer: TestUser;
  let system: { Authorization: string };

  beforeAll(async () => {
    ({ app, officer, system } = await earningAppWithoutLiveReactor());
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('pays 120 acceptances of one assignee once each within the cap, twice at once, and writes nothing new when run again', async () => {
    const member = await eligibleMember(app, officer);
    const bodies = Array.from({ length: 120 }, () =>
      acceptance(member.userId, [officer.userId], { tier: 'C', quality: 1 }),
    );
    await Promise.all(
      bodies.map((body) =>
        request(app.baseUrl).post('/api/v1/events/task/accepted').set(system).send(body).expect(200),
      ),
    );
    // The whole feed once it is final: the cluster is shared, and another test file's open transaction holds the tail back.
    const accepted = (await wholeFeed(app.store, app.database.pool)).filter(
      (event) => event.type === 'TaskAccepted' && event.data.assigneeId === member.userId,
    );
    expect(accepted).toHaveLength(120);

    const reactor = app.app.get(TaskAcceptedReactor);
    await Promise.all([reactor.react(accepted), reactor.react([...accepted].reverse())]);
    const paid = await app.store.readStream(`wallet-${member.userId}`);
    expect(issuedPerDay(paid)).toEqual(
      cappedPerDay(
        requestedPerDay(
          await recordedDays(
            app,
            bodies.map((body) => body.taskId),
          ),
          TASK_BUZ,
        ),
        CAP,
      ),
    );
    expect(new Set(paid.map((event) => event.data.taskId))).toEqual(new Set(bodies.map((body) => body.taskId)));
    expect(paid).toHaveLength(120);

    await reactor.react(accepted);
    expect((await app.store.readStream(`wallet-${member.userId}`)).map((event) => event.eventId)).toEqual(
      paid.map((event) => event.eventId),
    );
    const xp = (await app.store.readStream(`member-${member.userId}`)).filter((event) => event.type === 'XpAwarded');
    expect(new Set(xp.map((event) => event.data.ref)).size).toBe(120);
    expect(xp).toHaveLength(120);
  });
});

describe('earning in batches: a backlog the reactor reaches on a later day', () => {
  let app: TestApp;
  let officer: TestUser;
  let system: { Authorization: string };

  beforeAll(async () => {
    ({ app, officer, system } = await earningAppWithoutLiveReactor());
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it("pays acceptances recorded yesterday against yesterday's cap, not the day it pays them nor the day they claim", async () => {
    const member = await eligibleMember(app, officer);
    // Recorded yesterday while the reactor was down, each claiming to be from the day before.
    const recordedAt = new Date(Date.now() - 86_400_000).toISOString();
    const claimedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const backlog = Array.from({ length: 100 }, () =>
      acceptance(member.userId, [officer.userId], { tier: 'C', quality: 1, acceptedAt: claimedAt }),
    );
    for (const body of backlog) {
      const data = { ...body, helpfulReviewerIds: [], source: 'integration' };
      const metadata = {
        occurredAt: recordedAt,
        actorId: null,
        commandId: randomUUID(),
        correlationId: body.taskId,
        causationId: null,
      };
      await app.store.append(
        `task-${body.taskId}`,
        [{ eventId: derivedId('task-accepted', body.taskId), type: 'TaskAccepted', data, metadata }],
        { expectedRevision: 'no_stream' },
      );
    }
    // And as many recorded now, through the API, claiming the same day.
    const today = Array.from({ length: 100 }, () =>
      acceptance(member.userId, [officer.userId], { tier: 'C', quality: 1, acceptedAt: claimedAt }),
    );
    for (const body of today)
      await request(app.baseUrl).post('/api/v1/events/task/accepted').set(system).send(body).expect(200);

    const accepted = (await app.store.readAll({ maxCount: 100_000 })).filter(
      (event) => event.type === 'TaskAccepted' && event.data.assigneeId === member.userId,
    );
    const reactor = app.app.get(TaskAcceptedReactor);
    await reactor.react(accepted);
    const paid = await app.store.readStream(`wallet-${member.userId}`);
    // 2,100 BUZ asked for on each recording day: each day's cap is paid in full, no more.
    const requested = requestedPerDay(
      await recordedDays(
        app,
        [...backlog, ...today].map((body) => body.taskId),
      ),
      TASK_BUZ,
    );
    expect(requested.get(recordedAt.slice(0, 10))).toBe(2100n);
    expect(issuedPerDay(paid)).toEqual(cappedPerDay(requested, CAP));
    // Run again (a restart re-delivers the batch): the same days, nothing new.
    await reactor.react(accepted);
    expect(await app.store.readStream(`wallet-${member.userId}`)).toEqual(paid);
  });
});
