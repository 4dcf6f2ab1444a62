import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eligibleMember, givenReputation } from '../support/earning';
import { expectContract, portalTask } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { z } from 'zod';
import { portfolioItemCreatedSchema, portfolioResponseSchema } from '../../src/people/http/portfolio.schemas';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { closeIfStarted } from '../support/teardown';

/** Portfolio items: provenance from the log for a paid task, who may link what, and visibility. */
describe('portfolio', () => {
  let app: TestApp;
  let api: ReturnType<typeof request>;
  let member: TestUser;
  let other: TestUser;
  let owner: TestUser;
  let taskId: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    api = request(app.baseUrl);
    const officer = await signUp(app, { roles: ['compliance'], mfa: true });
    [member, other, owner] = await Promise.all([eligibleMember(app, officer), signUp(app), signUp(app)]);
    const reviewer = await signUp(app);
    await givenReputation(app, reviewer.userId, 100);
    ({ taskId } = await portalTask(app, { owner, assignee: member, reviewer, quality: 5 }));
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it("links the member's own paid task with its provenance: venture, tier, quality, BUZ, the acceptance event, its hash and inclusion proof", async () => {
    const created = await api
      .post('/api/v1/portfolio')
      .set(member.auth)
      .send({
        title: 'Meter export',
        description: 'CSV export for the co-op.',
        taskId,
        urls: ['https://code.example/pr/12'],
        isPublic: true,
      })
      .expect(201);
    expectContract(app, 'POST /api/v1/portfolio', created.body);
    const portfolioResponse = await api.get(`/api/v1/profiles/${member.userId}/portfolio`).expect(200);
    expectContract(app, 'GET /api/v1/profiles/:userId/portfolio', portfolioResponse.body);
    const [item] = json(portfolioResponse, portfolioResponseSchema).items;
    const rows = rowsOf(
      await app.database.pool.query(
        "select event_id, encode(hash, 'hex') as hash, data from events where stream_id = $1 and type = 'TaskAccepted'",
        [`task-${taskId}`],
      ),
      z.object({ event_id: z.string(), hash: z.string(), data: storedJsonObject }),
    );
    const paid = rowsOf(
      await app.database.pool.query("select data from events where stream_id = $1 and type = 'BuzIssued'", [
        `wallet-${member.userId}`,
      ]),
      z.object({ data: storedJsonObject }),
    );
    const [accepted, issued] = [rows[0].data, paid[0].data];
    expect(item).toMatchObject({
      itemId: json(created, portfolioItemCreatedSchema).itemId,
      title: 'Meter export',
      taskId,
      urls: ['https://code.example/pr/12'],
    });
    expect(item.provenance).toEqual({
      ventureId: accepted.ventureId,
      ventureName: expect.any(String) as unknown,
      tier: 'B',
      quality: 5,
      buz: issued.amountBuz,
      acceptedAt: accepted.acceptedAt,
      acceptanceEventId: rows[0].event_id,
      acceptanceEventHash: rows[0].hash,
      inclusionProofUrl: `/api/v1/audit/proofs/inclusion/${rows[0].event_id}`,
    });
    expect(Number(item.provenance?.buz)).toBeGreaterThan(0);
  });

  it('lets only the assignee link an accepted task, once', async () => {
    expect(
      errorOf(
        await api
          .post('/api/v1/portfolio')
          .set(other.auth)
          .send({ title: 'Not mine', description: '', taskId, isPublic: true })
          .expect(403),
      ).error,
    ).toBe('NOT_YOUR_TASK');
    expect(
      errorOf(
        await api
          .post('/api/v1/portfolio')
          .set(member.auth)
          .send({ title: 'Again', description: '', taskId, isPublic: true })
          .expect(409),
      ).error,
    ).toBe('TASK_ALREADY_IN_PORTFOLIO');
    const open = await postedTask(app, owner);
    expect(
      errorOf(
        await api
          .post('/api/v1/portfolio')
          .set(member.auth)
          .send({ title: 'Open', description: '', taskId: open.taskId, isPublic: true })
          .expect(409),
      ).error,
    ).toBe('TASK_NOT_ACCEPTED');
    await api
      .post('/api/v1/portfolio')
      .set(member.auth)
      .send({ title: 'Bad link', description: '', urls: ['javascript:alert(1)'], isPublic: true })
      .expect(400);
  });

  it('shows a private item only to its owner: anonymous and another member see the public items alone', async () => {
    await api
      .post('/api/v1/portfolio')
      .set(member.auth)
      .send({ title: 'Draft talk', description: 'Not ready.', isPublic: false })
      .expect(201);
    const titles = async (viewer: TestUser | null) => {
      const call = api.get(`/api/v1/profiles/${member.userId}/portfolio`);
      return json(await (viewer ? call.set(viewer.auth) : call).expect(200), portfolioResponseSchema)
        .items.map((item) => item.title)
        .sort();
    };
    expect(await titles(null)).toEqual(['Meter export']);
    expect(await titles(other)).toEqual(['Meter export']);
    expect(await titles(member)).toEqual(['Draft talk', 'Meter export']);
  });
});
