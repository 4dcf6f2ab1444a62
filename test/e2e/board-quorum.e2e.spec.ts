import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { streamReplaySchema } from '../../src/audit/http/audit.responses';
import { conversionRequestedSchema, conversionStepSchema } from '../../src/conversion/http/conversion.responses';
import { BOARD_ROSTER_STREAM } from '../../src/identity/domain/board-roster';
import { makeBoardMember, memberWithBuz, openWindow } from '../support/conversion';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { present } from '../support/present';
import { withReadModelsHeld } from '../support/read-model-hold';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

const majority = (boardSize: number) => Math.floor(boardSize / 2) + 1;
/** What the test reads of the roster's replayed state: who holds a seat. */
const rosterState = z.object({ seats: z.record(z.string(), z.object({ onBoard: z.boolean() })) });

/**
 * The quorum is a majority of the board at the time of each vote. The identity read model is
 * held behind on purpose (see withReadModelsHeld): a decision that read it would see the board
 * as it was before the grants or revocations, every time, with no dependence on timing.
 */
describe('board quorum on the board as the log records it', () => {
  let app: TestApp;
  let admin: TestUser;
  let auditor: TestUser;
  let requester: TestUser;
  let windowId: string;
  /** The board as the test made it, in order of joining. */
  const board: TestUser[] = [];
  const api = () => request(app.baseUrl);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    auditor = await signUp(app, { roles: ['auditor'], mfa: true });
    const reviewer = await signUp(app);
    board.push(await makeBoardMember(app, await signUp(app)));
    requester = await memberWithBuz(app, admin, reviewer);
    const { ventureId } = await postedTask(app, admin);
    windowId = (await openWindow(app, board[0], admin, { ventureId, rateBps: '1000', openForMs: 30 * 60_000 }))
      .windowId;
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  const convert = async () =>
    json(
      await api().post('/api/v1/equity/convert').set(requester.auth).send({ windowId, buz: '10' }).expect(201),
      conversionRequestedSchema,
    ).conversionId;
  const statusOf = (response: { body: unknown }) => json(response, conversionStepSchema).status;
  const vote = (member: TestUser, conversionId: string, choice: 'APPROVE' | 'REJECT' = 'APPROVE') =>
    api()
      .post(`/api/v1/board/conversions/${conversionId}/votes`)
      .set(member.auth)
      .send({ vote: choice, note: 'Voted in the test' });
  const grantBoard = (member: TestUser) =>
    api().post(`/api/v1/admin/users/${member.userId}/roles`).set(admin.auth).send({ role: 'board' }).expect(200);
  const revokeBoard = (member: TestUser) =>
    api().delete(`/api/v1/admin/users/${member.userId}/roles/board`).set(admin.auth).expect(200);
  const newcomers = async (count: number) =>
    Promise.all(Array.from({ length: count }, () => signUp(app, { mfa: true })));

  const withReadModelHeld = (body: () => Promise<void>) => withReadModelsHeld(app, ['identity_users'], body);

  it('counts members granted just before the vote: no approval before a majority of the new board', async () => {
    const conversions: string[] = [];
    for (let round = 0; round < 4; round += 1) conversions.push(await convert());
    await withReadModelHeld(async () => {
      for (const conversionId of conversions) {
        const joining = await newcomers(2);
        await Promise.all(joining.map(grantBoard));
        board.push(...joining);
        const quorum = majority(board.length);
        // The two new members vote at once, straight after their grants; then older members, one at a time.
        const first = await Promise.all(joining.map((member) => vote(member, conversionId)));
        expect(first.map((response) => response.status)).toEqual([200, 200]);
        expect(first.some((response) => statusOf(response) === 'APPROVED')).toBe(quorum <= 2);
        const voters = board.filter((member) => !joining.includes(member));
        let approvals = 2;
        while (approvals < quorum) {
          const next = await vote(voters.shift() as TestUser, conversionId).expect(200);
          approvals += 1;
          expect({ approvals, status: statusOf(next) }).toEqual({
            approvals,
            status: approvals >= quorum ? 'APPROVED' : 'REQUESTED',
          });
        }
        expect(await approvedWith(conversionId)).toEqual({ approvals: quorum, quorum, boardSize: board.length });
      }
    });
  });

  it('shrinks the majority straight after revocations, refuses revoked members and no longer counts their votes', async () => {
    for (const joining of await newcomers(Math.max(0, 7 - board.length))) {
      await grantBoard(joining);
      board.push(joining);
    }
    // The read model now counts all seven (a quorum of four) and is then held there.
    await app.waitForProjections();
    const conversionId = await convert();
    const leaving = board.slice(3);
    const staying = board.slice(0, 3);
    await vote(leaving[0], conversionId).expect(200);
    await withReadModelHeld(async () => {
      await Promise.all(leaving.map(revokeBoard));
      board.splice(3);
      expect(majority(board.length)).toBe(2);
      const refused = await Promise.all(leaving.slice(1, 4).map((member) => vote(member, conversionId)));
      expect(refused.map((response) => response.status)).toEqual([403, 403, 403]);
      // The vote cast before the revocation no longer counts: one current approval is not a majority of three.
      expect(statusOf(await vote(staying[0], conversionId).expect(200))).toBe('REQUESTED');
      expect(statusOf(await vote(staying[1], conversionId).expect(200))).toBe('APPROVED');
    });
    expect(await approvedWith(conversionId)).toEqual({ approvals: 2, quorum: 2, boardSize: 3 });
  });

  it('decides many parallel votes racing grants on the board each vote saw', async () => {
    const conversions: string[] = [];
    for (let index = 0; index < 6; index += 1) conversions.push(await convert());
    const joining = await newcomers(4);
    await withReadModelHeld(async () => {
      // Everyone on the board and everyone joining votes on every conversion at once, while the grants land.
      const grants = Promise.all(joining.map(grantBoard));
      const votes = Promise.all(
        conversions.flatMap((conversionId) =>
          [...board, ...joining].map((member) => vote(member, conversionId, 'REJECT')),
        ),
      );
      await grants;
      const answers = await votes;
      expect(answers.every((response) => [200, 403, 409].includes(response.status))).toBe(true);
    });
    for (const conversionId of conversions) {
      const decided = await rejectedWith(conversionId);
      // Whatever the interleaving, each decision was taken on a real board: its majority, and no more votes than that.
      expect(decided.rejections).toBe(decided.quorum);
      expect(decided.quorum).toBe(majority(decided.boardSize));
      expect(decided.boardSize).toBeGreaterThanOrEqual(board.length);
      expect(decided.boardSize).toBeLessThanOrEqual(board.length + joining.length);
    }
  });

  /** The decision's counts, after an auditor's replay of the roster at the revision it names showed the board size it names. */
  async function decisionOf(conversionId: string, type: string): Promise<Record<string, unknown>> {
    const events = await app.store.readStream(`conversion-${conversionId}`);
    const decided = present(
      events.find((event) => event.type === type),
      `${type} on conversion ${conversionId}`,
    );
    const { rosterRevision, ...counts } = decided.data;
    const replayed = json(
      await api()
        .get(`/api/v1/audit/replay/${BOARD_ROSTER_STREAM}?atRevision=${rosterRevision as string}`)
        .set(auditor.auth)
        .expect(200),
      streamReplaySchema,
    );
    const seats = Object.values(rosterState.parse(replayed.state).seats);
    expect(seats.filter((seat) => seat.onBoard)).toHaveLength(counts.boardSize as number);
    return counts;
  }

  const approvedWith = (conversionId: string) => decisionOf(conversionId, 'ConversionApproved');
  const rejectedWith = async (conversionId: string) =>
    (await decisionOf(conversionId, 'ConversionRejected')) as { rejections: number; quorum: number; boardSize: number };
});
