import knexFactory from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userProfilesProjection } from '../../projections/user-profiles/user-profiles.projection';
import { rebuildAndCompare } from '../../src/platform/projections/projection-rebuild';
import { acceptance, eligibleMember, integrationAuth } from '../support/earning';
import { signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';

describe('daily reputation settlement', () => {
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    member = await eligibleMember(app, admin);
    const reviewer = await signUp(app);
    // Reviewer without reputation: cred 0.7; A, quality 3 → 100 × 1.0 × 0.7 = 70 XP on 2026-11-20.
    await request(app.baseUrl)
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(acceptance(member.userId, [reviewer.userId], { tier: 'A', quality: 3, acceptedAt: '2026-11-20T10:00:00Z' }))
      .expect(200);
    await app.waitForProjections();
  });
  afterAll(async () => {
    await app?.close();
  });
  const run = (throughDay: string) => request(app.baseUrl).post('/api/v1/admin/jobs/reputation-settlement/run').set(admin.auth).send({ throughDay });

  it('settles each day once, in order, from the admin API: decay on quiet days, XP / 10 on active ones', async () => {
    const first = await run('2026-11-21').expect(200);
    // Days 2026-01-02 … 2026-11-21 after the given settlement on 2026-01-01.
    expect(first.body.result).toMatchObject({ throughDay: '2026-11-21', settlements: expect.any(Number) });
    expect(first.body.result.settlements).toBeGreaterThan(300);
    const again = await run('2026-11-21').expect(200);
    expect(again.body.result.settlements).toBe(0);

    const { rows } = await app.database.pool.query("select data from events where stream_id = $1 and type = 'ReputationSettled' order by revision", [`member-${member.userId}`]);
    const settled = rows.map((row) => JSON.parse(row.data));
    expect(settled.map((event) => event.day)).toEqual([...settled.map((event) => event.day)].sort());
    const active = settled.find((event) => event.day === '2026-11-20');
    expect(active).toMatchObject({ xpGain: 70, gainMicro: '7000000' });
    expect(BigInt(active.repMicro)).toBe((BigInt(active.previousRepMicro) * 995n) / 1000n + 7_000_000n);
  });

  it('reports both jobs on /api/debug/jobs/health, for admins only', async () => {
    const health = await request(app.baseUrl).get('/api/debug/jobs/health').set(admin.auth).expect(200);
    expect(health.body.map((job: { name: string }) => job.name)).toEqual(['integrity-check', 'reputation-settlement', 'conversion-windows']);
    expect(health.body[1]).toMatchObject({ lastOutcome: 'SUCCEEDED', schedule: '0 2 * * * (UTC)', nextRunAt: expect.stringMatching(/T02:00:00.000Z$/) });
    await request(app.baseUrl).get('/api/debug/jobs/health').set(member.auth).expect(403);
  });

  it('replays into the same profiles: a rebuild from position 0 equals the live read model', async () => {
    await app.waitForProjections();
    const owner = knexFactory({ client: 'pg', connection: app.ownerUrl });
    try {
      const report = await rebuildAndCompare(userProfilesProjection, app.store, owner);
      expect(report.equal).toBe(true);
    } finally {
      await owner.destroy();
    }
  });
});
