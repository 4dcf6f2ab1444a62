import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskAcceptedResponseSchema } from '../../src/earning/http/task-events.responses';
import { profileResponseSchema } from '../../src/people/http/people.schemas';
import { walletEventSchemas } from '../../src/wallet/domain/wallet.event-schemas';
import { walletSchema } from '../../src/wallet/http/wallet.responses';
import {
  acceptance,
  cappedPerDay,
  eligibleMember,
  givenReputation,
  integrationAuth,
  issuedPerDay,
  recordedDays,
  requestedPerDay,
} from '../support/earning';
import { eventCount, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { anyString, objectContaining, stringContaining, stringMatching } from '../support/matchers';
import { closeIfStarted } from '../support/teardown';

/** An hour past `days` whole days ago: inside the 7-day window for 0–6. */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000 - 3_600_000).toISOString();

describe('earning: accepted tasks become BUZ and XP', () => {
  let app: TestApp;
  let officer: TestUser;
  let system: { Authorization: string };
  let reviewers: TestUser[];

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    officer = await signUp(app, { roles: ['compliance'], mfa: true });
    system = await integrationAuth(app);
    reviewers = [await signUp(app), await signUp(app)];
    await givenReputation(app, reviewers[0].userId, 64);
    await givenReputation(app, reviewers[1].userId, 100);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const post = (body: object) => request(app.baseUrl).post('/api/v1/events/task/accepted').set(system).send(body);
  const wallet = async (user: TestUser) =>
    json(await request(app.baseUrl).get('/api/v1/wallet/me').set(user.auth).expect(200), walletSchema);

  it('pays the worked example (A, quality 4, reviewers at 64 and 100) 163 BUZ, with hashes in the ledger and XP on the profile', async () => {
    const member = await eligibleMember(app, officer);
    const body = acceptance(
      member.userId,
      reviewers.map((reviewer) => reviewer.userId),
    );
    const first = json(await post(body).expect(200), taskAcceptedResponseSchema);
    expect(first).toMatchObject({ taskId: body.taskId, alreadyAccepted: false });
    expect(json(await post(body).expect(200), taskAcceptedResponseSchema)).toEqual({ ...first, alreadyAccepted: true });
    await app.waitForProjections();

    const view = await wallet(member);
    expect(view).toMatchObject({ balanceBuz: '163', pendingLockBuz: '0', availableBuz: '163', dailyCapBuz: '2000' });
    expect(view.ledger).toEqual([
      objectContaining({
        type: 'BuzIssued',
        amountBuz: '163',
        taskId: body.taskId,
        hash: stringMatching(/^[0-9a-f]{64}$/),
        prevHash: stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    const profile = await request(app.baseUrl).get(`/api/v1/profiles/${member.userId}`).set(member.auth).expect(200);
    expect(json(profile, profileResponseSchema)).toEqual(objectContaining({ xp: 109, level: 2, reputation: '75.000' }));
    expect(profile.body).not.toHaveProperty('email');
  });

  it('withholds with a reason for every failed gate, and shows the member why', async () => {
    const newcomer = await signUp(app);
    await post(acceptance(newcomer.userId, [reviewers[0].userId])).expect(200);
    await app.waitForProjections();
    const view = await wallet(newcomer);
    expect(view.balanceBuz).toBe('0');
    expect(view.ledger.map((entry) => entry.reason).sort()).toEqual(['DEVICE', 'KYC', 'REPUTATION']);
    expect(view.ledger.map((entry) => entry.detail)).toContain('KYC is NOT_SUBMITTED, it must be PASSED');
  });

  it('awards exactly the 2,000 BUZ cap across 200 concurrent acceptances on one day; the rest is withheld as CAP', async () => {
    const member = await eligibleMember(app, officer);
    // C, quality 1, a reviewer without reputation: 50 × 0.6 × 0.7 = 21 BUZ a task.
    // Accepted today: the wallet view's cap remaining is for the clock's day (a fixed past date made this fail once the calendar passed it).
    const acceptedAt = new Date().toISOString();
    const bodies = Array.from({ length: 200 }, () =>
      acceptance(member.userId, [reviewers[0].userId], {
        tier: 'C',
        quality: 1,
        reviewerIds: [officer.userId],
        acceptedAt,
      }),
    );
    const responses = await Promise.all(bodies.map((body) => post(body)));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    await app.waitForProjections();

    const rows = rowsOf(
      await app.database.pool.query('select type, data from events where stream_id = $1', [`wallet-${member.userId}`]),
      z.object({ type: z.string(), data: storedJsonObject }),
    );
    const issued = rows
      .filter((row) => row.type === 'BuzIssued')
      .map((row) => walletEventSchemas.BuzIssued.schema.parse(row.data));
    const withheld = rows
      .filter((row) => row.type === 'BuzIssuanceWithheld')
      .map((row) => walletEventSchemas.BuzIssuanceWithheld.schema.parse(row.data));
    expect(issued.reduce((sum, event) => sum + BigInt(event.amountBuz), 0n)).toBe(2000n);
    expect(issued.filter((event) => event.capped)).toEqual([objectContaining({ amountBuz: '5', requestedBuz: '21' })]);
    expect(withheld.every((event) => event.reason === 'CAP')).toBe(true);
    expect(issued.length + withheld.length).toBe(200);
    expect((await wallet(member)).capRemainingBuz).toBe('0');
  });

  it('pays a task once when the same acceptance arrives 20 times in parallel', async () => {
    const member = await eligibleMember(app, officer);
    const body = acceptance(member.userId, [reviewers[1].userId], { tier: 'B', quality: 3 });
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(body)));
    expect(responses.filter((response) => !json(response, taskAcceptedResponseSchema).alreadyAccepted)).toHaveLength(1);
    await app.waitForProjections();
    expect((await wallet(member)).balanceBuz).toBe('80');
    const accepted = rowsOf(
      await app.database.pool.query(
        "select count(*)::int as count from events where stream_id = $1 and type = 'TaskAccepted'",
        [`task-${body.taskId}`],
      ),
      z.object({ count: z.number() }),
    );
    expect(accepted).toEqual([{ count: 1 }]);
  });

  it('counts the cap by the day the ledger records the acceptance: acceptedAt spread over a week buys no extra cap', async () => {
    const member = await eligibleMember(app, officer);
    // 21 BUZ a task (C, quality 1, a reviewer without reputation), 140 tasks claiming 7 different days: 2,940 BUZ asked for.
    const bodies = Array.from({ length: 140 }, (_, index) =>
      acceptance(member.userId, [officer.userId], { tier: 'C', quality: 1, acceptedAt: daysAgo(index % 7) }),
    );
    for (const body of bodies) await post(body).expect(200);
    await app.waitForProjections();

    const events = await app.store.readStream(`wallet-${member.userId}`);
    // One cap for the day of recording (two should the run span midnight UTC), however many days acceptedAt named.
    const requested = requestedPerDay(
      await recordedDays(
        app,
        bodies.map((body) => body.taskId),
      ),
      21n,
    );
    expect(issuedPerDay(events)).toEqual(cappedPerDay(requested, 2000n));
    expect(
      events
        .filter((event) => event.type === 'BuzIssuanceWithheld')
        .every((event) => event.data.reason === 'CAP' && requested.has(event.data.day as string)),
    ).toBe(true);
    expect(events).toHaveLength(140);
    // Each event still says which day the integration claimed.
    expect(new Set(events.map((event) => (event.data.acceptedAt as string).slice(0, 10))).size).toBe(7);
  });

  it('refuses an acceptedAt outside the last 7 days up to 5 minutes ahead with a 400 naming the range, and writes nothing', async () => {
    const member = await signUp(app);
    await app.waitForProjections();
    const before = await eventCount(app);
    for (const acceptedAt of [
      daysAgo(8),
      new Date(Date.now() + 10 * 60_000).toISOString(),
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
    ]) {
      const body = acceptance(member.userId, [reviewers[0].userId], { acceptedAt });
      const refused = await post(body).expect(400);
      expect(errorOf(refused)).toMatchObject({
        error: 'ACCEPTED_AT_OUT_OF_RANGE',
        details: { earliest: anyString, latest: anyString },
      });
      expect(errorOf(refused).message).toMatch(
        /^acceptedAt must lie between \S+Z and \S+Z \(the last 7 days up to 5 minutes ahead, server time\)/,
      );
      const { latest, earliest } = z
        .object({ latest: z.string(), earliest: z.string() })
        .parse(errorOf(refused).details);
      expect(Date.parse(latest) - Date.parse(earliest)).toBe(7 * 86_400_000 + 5 * 60_000);
      expect(await app.store.readStream(`task-${body.taskId}`)).toEqual([]);
    }
    expect(await eventCount(app)).toBe(before);
  });

  it('refuses with 422 an acceptance naming people who have no account, naming only those, and writes nothing', async () => {
    const member = await eligibleMember(app, officer);
    await app.waitForProjections();
    const before = await eventCount(app);
    const [ghost, typo] = [randomUUID(), randomUUID()];
    const cases = [
      { body: acceptance(ghost, [reviewers[0].userId]), unknown: [ghost] },
      { body: acceptance(member.userId, [reviewers[0].userId, typo]), unknown: [typo] },
      { body: acceptance(ghost, [typo, reviewers[1].userId]), unknown: [ghost, typo] },
    ];
    for (const { body, unknown } of cases) {
      const refused = await post(body).expect(422);
      expect(refused.body).toEqual({
        error: 'UNKNOWN_USERS',
        message: stringContaining(unknown.join(', ')),
        details: { unknownUserIds: unknown },
      });
      expect(await app.store.readStream(`task-${body.taskId}`)).toEqual([]);
    }
    expect(await eventCount(app)).toBe(before);
    // The same acceptance with everyone known goes through.
    await post(acceptance(member.userId, [reviewers[0].userId, reviewers[1].userId])).expect(200);
  });

  it('refuses malformed acceptances with a clear 400, and members without the system role', async () => {
    const member = await signUp(app);
    const invalid = await post({ ...acceptance(member.userId, [member.userId]) }).expect(400);
    expect(errorOf(invalid).message).toContain('the assignee cannot review their own task');
    expect(
      errorOf(await post({ ...acceptance(member.userId, [reviewers[0].userId]), quality: 6 }).expect(400)).message,
    ).toContain('quality');
    expect(
      errorOf(await post({ ...acceptance(member.userId, [reviewers[0].userId]), amountBuz: '99999' }).expect(400))
        .message,
    ).toContain('Unrecognized key');
    await request(app.baseUrl)
      .post('/api/v1/events/task/accepted')
      .set(member.auth)
      .send(acceptance(member.userId, [reviewers[0].userId]))
      .expect(403);
  });
});
