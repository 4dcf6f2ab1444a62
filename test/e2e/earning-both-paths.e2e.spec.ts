import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { walletSchema } from '../../src/wallet/http/wallet.responses';
import { eligibleMember, givenReputation, integrationAuth } from '../support/earning';
import { signUp } from '../support/identity';
import { json, rowsOf } from '../support/json';
import { startTestApp, type TestApp } from '../support/test-app';
import { postedTask } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';

describe('a task accepted through the portal and the integration at once', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });

  it('is accepted once and pays once, whichever path wins', async () => {
    const api = request(app.baseUrl);
    const officer = await signUp(app, { roles: ['compliance'], mfa: true });
    const owner = await signUp(app);
    const assignee = await eligibleMember(app, officer);
    const reviewer = await signUp(app);
    await givenReputation(app, reviewer.userId, 100);
    const { ventureId, taskId } = await postedTask(app, owner, {
      title: 'Ship the exporter',
      tier: 'A',
      kind: 'feature',
    });
    await api.post(`/api/v1/tasks/${taskId}/claim`).set(assignee.auth).send({}).expect(200);
    await api.post(`/api/v1/tasks/${taskId}/submit`).set(assignee.auth).send({ note: 'done' }).expect(200);
    await api
      .post(`/api/v1/tasks/${taskId}/reviews`)
      .set(reviewer.auth)
      .send({ quality: 5, verdict: 'APPROVE' })
      .expect(201);

    const system = await integrationAuth(app);
    const viaIntegration = {
      taskId,
      ventureId,
      assigneeId: assignee.userId,
      tier: 'A',
      quality: 5,
      reviewerIds: [reviewer.userId],
      acceptedAt: new Date().toISOString(),
    };
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () =>
        api
          .post(`/api/v1/tasks/${taskId}/accept`)
          .set(owner.auth)
          .send({ helpfulReviewerIds: [reviewer.userId] }),
      ),
      ...Array.from({ length: 10 }, () => api.post('/api/v1/events/task/accepted').set(system).send(viaIntegration)),
    ]);
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(200));
    await app.waitForProjections();

    const rows = rowsOf(
      await app.database.pool.query(
        "select stream_id, type from events where (stream_id = $1 and type = 'TaskAccepted') or (stream_id = $2 and type like 'Buz%')",
        [`task-${taskId}`, `wallet-${assignee.userId}`],
      ),
      z.object({ type: z.string() }),
    );
    expect(rows.map((row) => row.type).sort()).toEqual(['BuzIssued', 'TaskAccepted']);
    // A, quality 5, reviewer at rep 100: 150 × 1.4 × 1.0 = 210.
    const wallet = await api.get('/api/v1/wallet/me').set(assignee.auth).expect(200);
    expect(json(wallet, walletSchema).balanceBuz).toBe('210');
  });
});
