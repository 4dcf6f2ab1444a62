import { spawn } from 'node:child_process';
import path from 'node:path';
import knexFactory from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userProfilesProjection } from '../../projections/user-profiles/user-profiles.projection';
import { rebuildAndCompare } from '../../src/platform/projections/projection-rebuild';
import { acceptance, eligibleMember, givenReputation, integrationAuth } from '../support/earning';
import { eventCount, signUp, type TestUser } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';
import { errorOf, json, rowsOf, storedJsonObject } from '../support/json';
import { z } from 'zod';
import { jobRunSchema, jobsHealthSchema } from '../../src/jobs/jobs.responses';
import { memberEventSchemas } from '../../src/progress/domain/member.event-schemas';

const CLI = path.resolve('dist/src/cli.js');
const DAY_MS = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What a run of the settlement job answered. */
function settlementOf(response: { body: unknown }) {
  const run = json(response, jobRunSchema);
  if (run.job !== 'reputation-settlement') throw new Error(`the run answered for ${run.job}`);
  return run.result;
}

describe('daily reputation settlement', () => {
  let app: TestApp;
  let admin: TestUser;
  let member: TestUser;
  // XP is earned on the day acceptedAt names, which must lie in the last 7 days.
  const activeDay = utcDay(Date.now() - 3 * DAY_MS);
  const throughDay = utcDay(Date.parse(activeDay) + DAY_MS);

  beforeAll(async () => {
    app = await startTestApp({ env: { INTEGRITY_CHECK_ON_START: 'false' } });
    admin = await signUp(app, { roles: ['admin', 'compliance'], mfa: true });
    member = await eligibleMember(app, admin);
    // Settled up to 10 days before the active day: the run below settles exactly 11 days.
    await givenReputation(app, member.userId, 75, utcDay(Date.parse(activeDay) - 10 * DAY_MS));
    const reviewer = await signUp(app);
    // Reviewer without reputation: cred 0.7; A, quality 3 → 100 × 1.0 × 0.7 = 70 XP on the active day.
    await request(app.baseUrl)
      .post('/api/v1/events/task/accepted')
      .set(await integrationAuth(app))
      .send(
        acceptance(member.userId, [reviewer.userId], { tier: 'A', quality: 3, acceptedAt: `${activeDay}T10:00:00Z` }),
      )
      .expect(200);
    await app.waitForProjections();
  });
  afterAll(async () => {
    await closeIfStarted(app);
  });
  const run = (day: string) =>
    request(app.baseUrl).post('/api/v1/admin/jobs/reputation-settlement/run').set(admin.auth).send({ throughDay: day });

  it('settles each day once, in order, from the admin API: decay on quiet days, XP / 10 on active ones', async () => {
    const first = await run(throughDay).expect(200);
    // The 9 days after the given settlement, the active day and the day after it.
    expect(settlementOf(first)).toMatchObject({ throughDay, settlements: 11 });
    const again = await run(throughDay).expect(200);
    expect(settlementOf(again).settlements).toBe(0);

    const rows = rowsOf(
      await app.database.pool.query(
        "select data from events where stream_id = $1 and type = 'ReputationSettled' order by revision",
        [`member-${member.userId}`],
      ),
      z.object({ data: storedJsonObject }),
    );
    const settled = rows.map((row) => memberEventSchemas.ReputationSettled.schema.parse(row.data));
    expect(settled.map((event) => event.day)).toEqual([...settled.map((event) => event.day)].sort());
    const active = settled.find((event) => event.day === activeDay);
    expect(active).toMatchObject({ xpGain: 70, gainMicro: '7000000' });
    if (!active) throw new Error(`no settlement of ${activeDay}`);
    expect(BigInt(active.repMicro)).toBe((BigInt(active.previousRepMicro) * 995n) / 1000n + 7_000_000n);
  });

  it('refuses to settle today or a later day from the API (400) and the CLI (usage error), and writes nothing', async () => {
    const before = await eventCount(app);
    for (const day of [utcDay(Date.now()), utcDay(Date.now() + DAY_MS), '2027-12-31']) {
      const refused = errorOf(await run(day).expect(400));
      expect(refused).toMatchObject({
        error: 'DAY_NOT_FINISHED',
        details: { throughDay: day, latestDay: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) as unknown },
      });
      expect(refused.message).toContain(`throughDay ${day} has not ended yet`);
    }
    const cli = await runCli(['reputation', 'settle', '--through-day', utcDay(Date.now())], {
      DATABASE_URL: app.ownerUrl,
    });
    expect(cli.code).toBe(64);
    expect(cli.stderr).toMatch(/--through-day \d{4}-\d\d-\d\d has not ended yet/);
    expect(await eventCount(app)).toBe(before);
  });

  it('reports both jobs on /api/debug/jobs/health, for admins only', async () => {
    const health = json(
      await request(app.baseUrl).get('/api/debug/jobs/health').set(admin.auth).expect(200),
      jobsHealthSchema,
    );
    expect(health.map((job) => job.name)).toEqual([
      'integrity-check',
      'reputation-settlement',
      'conversion-windows',
      'badge-evaluation',
      'document-retention',
    ]);
    expect(health[1]).toMatchObject({
      lastOutcome: 'SUCCEEDED',
      schedule: '0 2 * * * (UTC)',
      nextRunAt: expect.stringMatching(/T02:00:00.000Z$/) as unknown,
    });
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

/** The compiled CLI (`npm run build:api` first), as `npm run cli --` runs it. */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer | string) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}
