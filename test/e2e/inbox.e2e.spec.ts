import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboxSchema } from '../../src/inbox/http/inbox.responses';
import { makeBoardMember, memberWithBuz, openWindow } from '../support/conversion';
import { pdfBytes, uploadedDocument } from '../support/documents';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { registeredKey, requestedSignatures, shareForSigning, sign } from '../support/signing';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

type Inbox = ReturnType<typeof inboxSchema.parse>;
const taskIds = (section: Inbox['myTasks']) => section.items.map((item) => item.taskId);

describe("a signed-in person's dashboard (GET /api/v1/me/inbox)", () => {
  let app: TestApp;
  let admin: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let reviewer: TestUser;
  let board: TestUser;
  let taskId: string;
  const api = () => request(app.baseUrl);

  async function inboxOf(user: TestUser): Promise<Inbox> {
    await app.waitForProjections();
    return json(await api().get('/api/v1/me/inbox').set(user.auth).expect(200), inboxSchema);
  }

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    [owner, member, reviewer] = await Promise.all([signUp(app), signUp(app), signUp(app)]);
    board = await makeBoardMember(app, await signUp(app));
    ({ taskId } = await postedTask(app, owner));
    await api().post(`/api/v1/tasks/${taskId}/claim`).set(member.auth).send({}).expect(200);
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it("shows a member the task they claimed, and nobody else's dashboard has it as theirs", async () => {
    const mine = await inboxOf(member);
    expect(mine.myTasks.items).toContainEqual(expect.objectContaining({ taskId, status: 'CLAIMED' }));
    expect(mine.myTasks.count).toBe(1);
    expect(taskIds((await inboxOf(reviewer)).myTasks)).not.toContain(taskId);
    // Not submitted yet: nothing to review or accept.
    expect(taskIds((await inboxOf(reviewer)).reviewsToDo)).not.toContain(taskId);
    expect(taskIds((await inboxOf(owner)).submissionsToAccept)).not.toContain(taskId);
  });

  it("puts a submission in the reviews to do of other members and in the owner's acceptances, until reviewed", async () => {
    await api().post(`/api/v1/tasks/${taskId}/submit`).set(member.auth).send({ note: 'Done' }).expect(200);
    expect(taskIds((await inboxOf(reviewer)).reviewsToDo)).toContain(taskId);
    expect(taskIds((await inboxOf(member)).reviewsToDo)).not.toContain(taskId);
    const ownerInbox = await inboxOf(owner);
    expect(ownerInbox.submissionsToAccept.items).toContainEqual(
      expect.objectContaining({ taskId, status: 'SUBMITTED', title: 'Write the onboarding guide' }),
    );
    expect(taskIds(ownerInbox.reviewsToDo)).not.toContain(taskId);
    expect(ownerInbox.votesPending).toBeNull();

    await api()
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewer.auth)
      .send({ quality: 4, verdict: 'APPROVE' })
      .expect(201);
    expect(taskIds((await inboxOf(reviewer)).reviewsToDo)).not.toContain(taskId);
    expect(taskIds((await inboxOf(owner)).submissionsToAccept)).toContain(taskId);
  });

  it('shows the board the requests they have not voted on, and everyone the open and upcoming windows', async () => {
    const requester = await memberWithBuz(app, admin, reviewer);
    const { ventureId } = await postedTask(app, owner);
    const { windowId } = await openWindow(app, board, admin, { ventureId, rateBps: '700', openForMs: 3_600_000 });
    const upcoming = await api()
      .post('/api/v1/conversion-windows')
      .set(board.auth)
      .send({
        ventureId,
        opensAt: new Date(Date.now() + 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        equityRateBps: '700',
        poolCapBps: null,
      })
      .expect(201);
    const conversion = await api()
      .post('/api/v1/equity/convert')
      .set(requester.auth)
      .send({ windowId, buz: '100' })
      .expect(201);
    const conversionId = (conversion.body as { conversionId: string }).conversionId;

    const boardInbox = await inboxOf(board);
    expect(boardInbox.votesPending?.items).toContainEqual(
      expect.objectContaining({ conversionId, windowId, amountBuz: '100' }),
    );
    expect((await inboxOf(requester)).votesPending).toBeNull();
    const memberInbox = await inboxOf(member);
    expect(memberInbox.windowsOpen.items).toContainEqual(expect.objectContaining({ windowId, status: 'OPEN' }));
    expect(memberInbox.windowsUpcoming.items.map((item) => item.windowId)).toContain(
      (upcoming.body as { windowId: string }).windowId,
    );

    await api()
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(board.auth)
      .send({ vote: 'APPROVE', note: 'Fine' })
      .expect(200);
    const afterVote = await inboxOf(board);
    expect(afterVote.votesPending?.items.map((item) => item.conversionId)).not.toContain(conversionId);
  });

  it('lists the signature requests waiting for a signer until they sign', async () => {
    const key = await registeredKey(app, member);
    const { documentId } = await uploadedDocument(app, owner, { content: pdfBytes('inbox contract') });
    await shareForSigning(app, owner, documentId, member);
    const { requestId, documentSha256 } = await requestedSignatures(app, owner, documentId, [member]);
    expect((await inboxOf(member)).signatureRequests.items).toContainEqual(
      expect.objectContaining({ requestId, documentId }),
    );
    expect((await inboxOf(owner)).signatureRequests.items.map((item) => item.requestId)).not.toContain(requestId);

    const statement = {
      documentId,
      documentSha256,
      requestId,
      signerId: member.userId,
      signedAt: new Date().toISOString(),
      intent: 'sign' as const,
    };
    await sign(app, member, key, statement, 200);
    expect((await inboxOf(member)).signatureRequests.items.map((item) => item.requestId)).not.toContain(requestId);
  });
});
