import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_MAX_EVENTS } from '../../src/live/live-feed.service';
import { CLOCK } from '../../src/shared-kernel/clock';
import { walletSchema } from '../../src/wallet/http/wallet.responses';
import { LeaderNamespace, tryAcquireLeadership } from '../../src/platform/leadership/leader-lock';
import { testClock } from '../support/clock';
import { appUrlOf, createTestDatabase } from '../support/database';
import { acceptance, eligibleMember, integrationAuth } from '../support/earning';
import { uniqueStream } from '../support/events';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import {
  cookieSession,
  liveSettled,
  noticesOf,
  openLiveStream,
  refreshCookieSession,
  type LiveEvent,
  type LiveStream,
} from '../support/live';
import { startTestApp, type TestApp } from '../support/test-app';
import { errorOf, json } from '../support/json';
import { closeIfStarted } from '../support/teardown';

const isReady = (event: LiveEvent) => event.event === 'ready';
const walletNotice = (userId: string) => (event: LiveEvent) =>
  event.event === 'notice' && event.data.topic === 'wallet' && (event.data.ids as string[]).includes(userId);

describe('live updates: one SSE stream per tab, fed by the shared feed', () => {
  const clock = testClock();
  let first: TestApp;
  let second: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let system: { Authorization: string };
  const streams: LiveStream[] = [];

  beforeAll(async () => {
    first = await startTestApp({
      env: { INTEGRITY_CHECK_ON_START: 'false' },
      configure: (builder) => builder.overrideProvider(CLOCK).useValue(clock),
    });
    // Another instance of the same deployment: its own process state, the same database.
    second = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' }, ownerUrl: first.ownerUrl });
    const officer = await signUp(first, { roles: ['compliance'], mfa: true });
    [alice, bob] = [await eligibleMember(first, officer), await eligibleMember(first, officer)];
    system = await integrationAuth(first);
    await first.waitForProjections();
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await closeIfStarted(second);
    await closeIfStarted(first);
  });

  /** A stream on a portal (cookie) session, as the browser opens it. */
  async function streamFor(app: TestApp, user: TestUser, options: { lastEventId?: string } = {}): Promise<LiveStream> {
    await liveSettled(app);
    const session = await cookieSession(app.baseUrl, user.email, PASSWORD);
    const stream = await openLiveStream(app.baseUrl, { cookie: session.cookie }, options);
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.next(isReady);
    return stream;
  }

  /** Pays `assignee` for an accepted task through the integration route of `app`; resolves with the task id. */
  async function payThrough(app: TestApp, assignee: TestUser, reviewer: TestUser): Promise<string> {
    const accepted = acceptance(assignee.userId, [reviewer.userId]);
    await request(app.baseUrl).post('/api/v1/events/task/accepted').set(system).send(accepted).expect(200);
    return accepted.taskId;
  }

  it('needs a session (401), and answers a client that does not ask for an event stream (406)', async () => {
    const anonymous = await request(first.baseUrl).get('/api/v1/live').set('Accept', 'text/event-stream');
    expect(anonymous.status).toBe(401);
    const plain = await request(first.baseUrl).get('/api/v1/live').set(alice.auth).set('Accept', 'application/json');
    expect(plain.status).toBe(406);
    expect(errorOf(plain).error).toBe('NOT_ACCEPTABLE');
  });

  it("tells a member their wallet changed once the wallet shows it, and never about another member's wallet", async () => {
    const stream = await streamFor(first, alice);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');

    await payThrough(first, bob, alice);
    const taskId = await payThrough(first, alice, bob);
    const notice = await stream.next(walletNotice(alice.userId));

    // The notice waited for the wallet read model, so a refetch finds the award.
    const wallet = await request(first.baseUrl).get('/api/v1/wallet/me').set(alice.auth).expect(200);
    expect(json(wallet, walletSchema).ledger.map((entry) => entry.taskId)).toContain(taskId);
    // Notices go out in feed order: Bob's award came first, so had it been sent here it would be here by now.
    expect(noticesOf(stream)).not.toContain(`wallet:${bob.userId}`);
    expect(notice.id).toMatch(/^\d+:\d+$/);
  });

  it('delivers a write made through another instance of the same database', async () => {
    const stream = await streamFor(first, alice);
    const taskId = await payThrough(second, alice, bob);
    await stream.next(walletNotice(alice.userId));
    const wallet = await request(first.baseUrl).get('/api/v1/wallet/me').set(alice.auth).expect(200);
    expect(json(wallet, walletSchema).ledger.map((entry) => entry.taskId)).toContain(taskId);
  });

  it('resumes from Last-Event-ID with exactly the notices the tab missed, on any instance', async () => {
    const before = await streamFor(first, alice);
    await payThrough(first, alice, bob);
    const seen = await before.next(walletNotice(alice.userId));
    before.close();

    const missed = [await payThrough(first, alice, bob), await payThrough(first, alice, bob)];
    await first.waitForProjections();
    const resumed = await streamFor(second, alice, { lastEventId: seen.id as string });
    const beforeReady = resumed.events.slice(0, resumed.events.findIndex(isReady));
    expect(beforeReady.filter(walletNotice(alice.userId))).toHaveLength(missed.length);
    expect(beforeReady.every((event) => event.event !== 'resync')).toBe(true);
    expect(resumed.events.find(isReady)?.data).toEqual({ resumed: true });
  });

  it('asks the tab to reload everything when its position is unknown or too far back', async () => {
    const unknown = await streamFor(first, alice, { lastEventId: '999999999999:1' });
    expect(unknown.events.map((event) => event.event)).toEqual(['resync', 'ready']);

    const current = await streamFor(first, alice);
    await payThrough(first, alice, bob);
    const seen = await current.next(walletNotice(alice.userId));
    await first.appendEvents(uniqueStream('filler'), REPLAY_MAX_EVENTS + 1);
    await first.waitForProjections();
    const tooOld = await streamFor(first, alice, { lastEventId: seen.id as string });
    expect(tooOld.events.map((event) => event.event)).toEqual(['resync', 'ready']);
  });

  it('refuses a Last-Event-ID that is not a feed position (400)', async () => {
    const response = await request(first.baseUrl)
      .get('/api/v1/live?lastEventId=yesterday')
      .set(alice.auth)
      .set('Accept', 'text/event-stream');
    expect(response.status).toBe(400);
    expect(errorOf(response).error).toBe('VALIDATION_FAILED');
  });

  it('charges the rate limit once per stream, however many notices it carries', async () => {
    const hits = async () => {
      const { rows } = await first.database.pool.query<{ hits: number }>(
        "select coalesce(sum(hits), 0)::int as hits from rate_limit_hits where bucket = 'account' and subject = $1",
        [alice.userId],
      );
      return rows[0].hits;
    };
    // The account budget is written in batches 20 ms after its hits: read it once it stops moving.
    const settledHits = async () => {
      for (let last = await hits(); ;) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const now = await hits();
        if (now === last) return now;
        last = now;
      }
    };
    const stream = await streamFor(first, alice);
    const afterConnecting = await settledHits();
    for (let award = 0; award < 5; award += 1) await payThrough(first, alice, bob);
    await first.waitForProjections();
    await expect.poll(() => stream.events.filter(walletNotice(alice.userId)).length, { timeout: 15_000 }).toBe(5);
    expect(await settledHits()).toBe(afterConnecting);
  });

  it('asks the tab to renew its session a minute before the access token expires, then resumes where it was', async () => {
    const session = await cookieSession(first.baseUrl, alice.email, PASSWORD);
    const stream = await openLiveStream(first.baseUrl, { cookie: session.cookie });
    streams.push(stream);
    await stream.next(isReady);
    await payThrough(first, alice, bob);
    await stream.next(walletNotice(alice.userId));

    // 14½ minutes into a 15-minute token: inside the last minute.
    clock.advance(14.5 * 60_000);
    const renew = await stream.next((event) => event.event === 'renew');
    await stream.ended;

    // The access token is still valid, so the refresh is charged to Alice, not to the address everyone behind her NAT shares.
    const addressHits = () =>
      first.database.pool
        .query<{ hits: number }>(
          "select coalesce(sum(hits), 0)::int as hits from rate_limit_hits where bucket = 'address'",
        )
        .then(({ rows }) => rows[0].hits);
    const before = await addressHits();
    const refreshed = await refreshCookieSession(first.baseUrl, session);
    expect(await addressHits()).toBe(before);

    const resumed = await openLiveStream(
      first.baseUrl,
      { cookie: refreshed.cookie },
      { lastEventId: renew.id as string },
    );
    streams.push(resumed);
    expect((await resumed.next(isReady)).data).toEqual({ resumed: true });
  });
});

describe('live updates wait for the read model (read-your-writes)', () => {
  it('sends a wallet notice only once the wallet projection has applied the event', async () => {
    // The wallet projection runs only where its leader lock is held: hold it here, and it waits.
    const { ownerUrl, close } = await createTestDatabase('live_ryw', 1);
    await close();
    const walletsLeadership = await tryAcquireLeadership(appUrlOf(ownerUrl), LeaderNamespace.projection, 'wallets');
    const app = await startTestApp({ ownerUrl, env: { INTEGRITY_CHECK_ON_START: 'false' } });
    try {
      const officer = await signUp(app, { roles: ['compliance'], mfa: true });
      const [alice, bob] = [await eligibleMember(app, officer), await eligibleMember(app, officer)];
      const stream = await openLiveStream(app.baseUrl, alice.auth);
      await stream.next(isReady);
      const accepted = acceptance(alice.userId, [bob.userId]);
      await request(app.baseUrl)
        .post('/api/v1/events/task/accepted')
        .set(await integrationAuth(app))
        .send(accepted)
        .expect(200);
      await expect.poll(() => issuedTo(app, alice.userId), { timeout: 15_000 }).toBe(1);
      // Time for a notice that did not wait to arrive (the feed is read every 20 ms here); none may.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(stream.events.filter(walletNotice(alice.userId))).toEqual([]);

      await walletsLeadership?.release();
      await stream.next(walletNotice(alice.userId));
      const wallet = await request(app.baseUrl).get('/api/v1/wallet/me').set(alice.auth).expect(200);
      expect(json(wallet, walletSchema).ledger.map((entry) => entry.taskId)).toContain(accepted.taskId);
      stream.close();
    } finally {
      await walletsLeadership?.release();
      await app.close();
    }
  });
});

async function issuedTo(app: TestApp, userId: string): Promise<number> {
  const { rows } = await app.database.pool.query<{ issued: number }>(
    "select count(*)::int as issued from events where stream_id = $1 and type = 'BuzIssued'",
    [`wallet-${userId}`],
  );
  return rows[0].issued;
}

describe('live updates at shutdown', () => {
  it('ends open streams, so app.close() does not wait for them', async () => {
    const app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    const user = await signUp(app);
    const stream = await openLiveStream(app.baseUrl, user.auth);
    await stream.next(isReady);
    await app.close();
    await stream.ended;
  });
});
