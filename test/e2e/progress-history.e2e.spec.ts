import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressHistorySchema } from '../../src/progress/http/progress-history.controller';
import { acceptance, givenReputation, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { json } from '../support/json';
import { closeIfStarted } from '../support/teardown';
import { startTestApp, type TestApp } from '../support/test-app';

/** The wallet chart's XP and reputation lines: the member's own progress, event by event. */
describe('GET /api/v1/progress/me/history', () => {
  let app: TestApp;
  let member: TestUser;
  let reviewer: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    [member, reviewer] = [await signUp(app), await signUp(app)];
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const history = async (user: TestUser) =>
    json(
      await request(app.baseUrl).get('/api/v1/progress/me/history').set(user.auth).expect(200),
      progressHistorySchema,
    ).points;

  it('is empty before any progress, then follows reputation and XP in the order the ledger recorded them', async () => {
    expect(await history(member)).toEqual([]);
    await givenReputation(app, member.userId, 64);
    await request(app.baseUrl)
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(acceptance(member.userId, [reviewer.userId]))
      .expect(200);
    await app.waitForProjections();
    const points = await history(member);
    expect(points[0]).toMatchObject({ xp: 0, reputationMicro: '64000000' });
    const last = points[points.length - 1];
    expect(last.xp).toBeGreaterThan(0);
    expect(last.reputationMicro).toBe('64000000');
    // Each member reads their own stream: the reviewer (no helpful mark from an integration) has no progress.
    expect(await history(reviewer)).toEqual([]);
  });

  it('needs a signed-in member', async () => {
    await request(app.baseUrl).get('/api/v1/progress/me/history').expect(401);
  });
});
