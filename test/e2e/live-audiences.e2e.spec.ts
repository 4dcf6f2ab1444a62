import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verificationRunSchema } from '../../src/audit/http/audit.responses';
import { conversionRequestedSchema } from '../../src/conversion/http/conversion.responses';
import { GrantRole } from '../../src/identity/commands/user.commands';
import { makeBoardMember, memberWithBuz, openWindow } from '../support/conversion';
import { PASSWORD, signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import {
  cookieSession,
  liveSettled,
  noticesOf,
  openLiveStream,
  type LiveEvent,
  type LiveStream,
} from '../support/live';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

const isReady = (event: LiveEvent) => event.event === 'ready';
const notice = (topic: string, id: string) => (event: LiveEvent) =>
  event.event === 'notice' && event.data.topic === topic && (event.data.ids as string[]).includes(id);

describe('live updates reach their audience only', () => {
  let app: TestApp;
  let admin: TestUser;
  let board: TestUser;
  let requester: TestUser;
  let bystander: TestUser;
  const streams: LiveStream[] = [];
  const api = () => request(app.baseUrl);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    const reviewer = await signUp(app);
    board = await makeBoardMember(app, await signUp(app));
    requester = await memberWithBuz(app, admin, reviewer);
    bystander = await signUp(app);
    await app.waitForProjections();
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await closeIfStarted(app);
  });

  async function streamOf(user: TestUser): Promise<LiveStream> {
    await liveSettled(app);
    const stream = await openLiveStream(app.baseUrl, user.auth);
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.next(isReady);
    return stream;
  }

  it('tells everyone about a window, and a conversion and its votes only to the requester and the board', async () => {
    const [requesterStream, boardStream, bystanderStream] = [
      await streamOf(requester),
      await streamOf(board),
      await streamOf(bystander),
    ];
    const { ventureId } = await postedTask(app, admin);
    const { windowId } = await openWindow(app, board, admin, { ventureId, rateBps: '700', openForMs: 60_000 });
    await bystanderStream.next(notice('window', windowId));

    const { conversionId } = json(
      await api().post('/api/v1/equity/convert').set(requester.auth).send({ windowId, buz: '100' }).expect(201),
      conversionRequestedSchema,
    );
    await requesterStream.next(notice('conversion', conversionId));
    await requesterStream.next(notice('wallet', requester.userId));
    await boardStream.next(notice('conversion', conversionId));

    // The vote names only the voter: the requester is looked up, and hears of it too.
    const heard = () => requesterStream.events.filter(notice('conversion', conversionId)).length;
    const before = heard();
    await api()
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(board.auth)
      .send({ vote: 'APPROVE', note: 'Strong contributor' })
      .expect(200);
    await expect.poll(heard, { timeout: 15_000 }).toBeGreaterThan(before);

    // Notices go out in feed order: once the bystander hears of their own later change, they would have heard of the conversion.
    await api()
      .post('/api/v1/devices/posture')
      .set(bystander.auth)
      .send({ deviceId: 'phone', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(200);
    await bystanderStream.next(notice('account', bystander.userId));
    expect(
      noticesOf(bystanderStream).filter((seen) => seen.startsWith('conversion:') || seen.startsWith('wallet:')),
    ).toEqual([]);
    expect(noticesOf(boardStream)).not.toContain(`account:${bystander.userId}`);
  });

  it("ends a user's streams when their roles change, so they reconnect filtered by the new ones", async () => {
    const stream = await streamOf(bystander);
    await app.app
      .get(CommandBus)
      .execute(new GrantRole(bystander.userId, 'board', { commandId: randomUUID(), actorId: null }));
    const reconnect = await stream.next((event) => event.event === 'reconnect');
    await stream.ended;
    expect(reconnect.id).toMatch(/^\d+:\d+$/);
  });

  it('pushes an auditor the progress of a full verification, which lives in a table, not in events', async () => {
    const auditor = await signUp(app, { roles: ['auditor'], mfa: true });
    const stream = await streamOf(auditor);
    const run = json(
      await api().post('/api/v1/audit/verify').set(auditor.auth).send({}).expect(202),
      verificationRunSchema,
    );
    await stream.next(notice('verification', run.id));
    expect(noticesOf(await streamOf(requester))).not.toContain(`verification:${run.id}`);
  });

  it('ends a stream within a heartbeat of its session signing out, on any tab', async () => {
    await liveSettled(app);
    const session = await cookieSession(app.baseUrl, requester.email, PASSWORD);
    const stream = await openLiveStream(app.baseUrl, { cookie: session.cookie });
    streams.push(stream);
    await stream.next(isReady);
    await api()
      .post('/api/v1/auth/logout')
      .set('Cookie', session.cookie)
      .set('X-CSRF-Token', session.csrfToken)
      .expect(204);
    // Checked for every stream of the instance at once, every 25 s (the heartbeat).
    await stream.next((event) => event.event === 'renew', 40_000);
    await stream.ended;
  });
});
