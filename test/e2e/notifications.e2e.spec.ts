import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsSchema, unreadSchema } from '../../src/inbox/http/inbox.responses';
import { makeBoardMember, openWindow } from '../support/conversion';
import { acceptance, eligibleMember, givenReputation, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { liveSettled, openLiveStream, type LiveEvent, type LiveStream } from '../support/live';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

type Notifications = ReturnType<typeof notificationsSchema.parse>;
const HOSTILE_COMMENT = "Nice work'); drop table notifications; -- <script>alert(1)</script> ‮";

describe('notifications: a projection per recipient, read marks, and live delivery to the recipient only', () => {
  let app: TestApp;
  let admin: TestUser;
  let reviewer: TestUser;
  let board: TestUser;
  let member: TestUser;
  let bystander: TestUser;
  const streams: LiveStream[] = [];
  const api = () => request(app.baseUrl);

  async function notificationsOf(user: TestUser): Promise<Notifications> {
    await app.waitForProjections();
    return json(await api().get('/api/v1/me/notifications').set(user.auth).expect(200), notificationsSchema);
  }

  async function streamOf(user: TestUser): Promise<LiveStream> {
    await liveSettled(app);
    const stream = await openLiveStream(app.baseUrl, user.auth);
    streams.push(stream);
    await stream.next((event) => event.event === 'ready');
    return stream;
  }

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    reviewer = await signUp(app);
    board = await makeBoardMember(app, await signUp(app));
    bystander = await signUp(app);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await closeIfStarted(app);
  });

  it('tells a member live that BUZ arrived, and tells nobody else', async () => {
    const bystanderStream = await streamOf(bystander);
    // Eligible first, so their stream is open before the BUZ is issued.
    member = await eligibleMember(app, admin);
    await givenReputation(app, reviewer.userId, 100);
    const memberStream = await streamOf(member);
    await api()
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(acceptance(member.userId, [reviewer.userId], { acceptedAt: new Date().toISOString() }))
      .expect(200);

    const heard = await memberStream.next(isNotification);
    const list = await notificationsOf(member);
    const buz = list.items.find((item) => item.kind === 'BUZ_ARRIVED');
    expect(buz).toMatchObject({ amountBuz: '180', read: false });
    expect(heard.data.ids).toEqual([buz?.notificationId]);
    expect(list.unread).toBe(1);

    // Notices go out in feed order: once the bystander hears of their own later change, they would have heard of it.
    await api()
      .post('/api/v1/devices/posture')
      .set(bystander.auth)
      .send({ deviceId: 'phone', diskEncrypted: true, osUpToDate: true, screenLock: true })
      .expect(200);
    await bystanderStream.next((event) => event.event === 'notice' && event.data.topic === 'account');
    expect(bystanderStream.events.filter(isNotification)).toEqual([]);
    expect((await notificationsOf(bystander)).items).toEqual([]);
  });

  it("refuses to mark, and never shows, anyone else's notification", async () => {
    const [buz] = (await notificationsOf(member)).items;
    const refused = await api()
      .post(`/api/v1/me/notifications/${buz.notificationId}/read`)
      .set(bystander.auth)
      .expect(404);
    expect(errorOf(refused).error).toBe('NOTIFICATION_NOT_FOUND');
    expect((await notificationsOf(member)).items[0].read).toBe(false);
    const invalid = await api().post('/api/v1/me/notifications/not-a-uuid/read').set(member.auth).expect(400);
    expect(errorOf(invalid).error).toBe('VALIDATION_FAILED');
  });

  it('tells the assignee a review arrived, with its verdict and never its comment', async () => {
    const owner = await signUp(app);
    const { taskId } = await postedTask(app, owner);
    await api().post(`/api/v1/tasks/${taskId}/claim`).set(member.auth).send({}).expect(200);
    await api().post(`/api/v1/tasks/${taskId}/submit`).set(member.auth).send({}).expect(200);
    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewer.auth)
      .send({ quality: 3, verdict: 'REQUEST_CHANGES', comment: HOSTILE_COMMENT })
      .expect(201);
    const review = (await notificationsOf(member)).items.find((item) => item.kind === 'REVIEW_ARRIVED');
    expect(review).toMatchObject({
      subjectId: taskId,
      outcome: 'REQUEST_CHANGES',
      taskTitle: 'Write the onboarding guide',
    });
    expect((await notificationsOf(reviewer)).items.filter((item) => item.kind === 'REVIEW_ARRIVED')).toEqual([]);
    const { rows } = await app.database.pool.query<{ row: string }>(
      'select row_to_json(n)::text as row from notifications n',
    );
    expect(rows.some((row) => row.row.includes('drop table'))).toBe(false);
  });

  it('tells every member a window opened, and the requester that the board decided', async () => {
    const { ventureId } = await postedTask(app, admin);
    const { windowId } = await openWindow(app, board, admin, { ventureId, rateBps: '700', openForMs: 3_600_000 });
    for (const user of [member, bystander, reviewer])
      expect((await notificationsOf(user)).items).toContainEqual(
        expect.objectContaining({ kind: 'WINDOW_OPENED', subjectId: windowId, ventureId }),
      );

    const memberStream = await streamOf(member);
    const { conversionId } = (
      await api().post('/api/v1/equity/convert').set(member.auth).send({ windowId, buz: '100' }).expect(201)
    ).body as { conversionId: string };
    await api()
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(board.auth)
      .send({ vote: 'APPROVE', note: 'Strong contributor' })
      .expect(200);
    const heard = await memberStream.next(isNotification);
    const decided = (await notificationsOf(member)).items.find((item) => item.kind === 'REQUEST_DECIDED');
    expect(decided).toMatchObject({ subjectId: conversionId, outcome: 'APPROVED', ventureId });
    expect(heard.data.ids).toEqual([decided?.notificationId]);
    expect((await notificationsOf(bystander)).items.filter((item) => item.kind === 'REQUEST_DECIDED')).toEqual([]);
  });

  it('marks read idempotently, and concurrent marks leave one read row each', async () => {
    const before = await notificationsOf(member);
    expect(before.unread).toBeGreaterThanOrEqual(3);
    const [first] = before.items;
    const mark = () => api().post(`/api/v1/me/notifications/${first.notificationId}/read`).set(member.auth);
    const once = json(await mark().expect(200), unreadSchema);
    expect(once.unread).toBe(before.unread - 1);
    const readAt = await readAtOf(member, first.notificationId);
    const again = json(await mark().expect(200), unreadSchema);
    expect(again.unread).toBe(once.unread);
    expect(await readAtOf(member, first.notificationId)).toEqual(readAt);

    const all = () => api().post('/api/v1/me/notifications/read-all').set(member.auth);
    const answers = await Promise.all([all(), all(), mark(), all(), mark()]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const after = await notificationsOf(member);
    expect(after.unread).toBe(0);
    expect(after.items.every((item) => item.read)).toBe(true);
    const { rows } = await app.database.pool.query<{ reads: string }>(
      'select count(*)::text as reads from notification_reads where recipient_id = $1',
      [member.userId],
    );
    expect(Number(rows[0].reads)).toBe(after.items.length);
    expect(await readAtOf(member, first.notificationId)).toEqual(readAt);
    // The bystander's own notifications stay unread.
    expect((await notificationsOf(bystander)).unread).toBeGreaterThan(0);
  });

  async function readAtOf(user: TestUser, eventId: string): Promise<Date> {
    const { rows } = await app.database.pool.query<{ read_at: Date }>(
      'select read_at from notification_reads where recipient_id = $1 and event_id = $2',
      [user.userId, eventId],
    );
    expect(rows).toHaveLength(1);
    return rows[0].read_at;
  }
});

function isNotification(event: LiveEvent): boolean {
  return event.event === 'notice' && event.data.topic === 'notification';
}
