import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { expect } from 'vitest';
import { z } from 'zod';
import { jobRunSchema } from '../../src/jobs/jobs.responses';
import type { Clock } from '../../src/shared-kernel/clock';
import { taskPostedSchema, ventureCreatedSchema } from '../../src/ventures/http/ventures.responses';
import type { JsonObject } from '../../src/shared-kernel/json';
import { signUp, type TestUser } from './identity';
import { json, rowsOf, storedJsonObject } from './json';
import { present } from './present';
import { endorsementFlagsResponseSchema } from '../../src/people/http/people.schemas';
import { routeInputs } from './route-inventory';
import type { TestApp } from './test-app';

/**
 * A clock the test sets (give it to startTestApp with overrideProvider(CLOCK)): real time until
 * the test sets it (authenticator codes are computed from real time), then frozen where it says.
 */
export interface SettableClock extends Clock {
  set(at: string | Date): void;
  advanceDays(days: number): void;
}

export function settableClock(): SettableClock {
  let current: Date | null = null;
  return {
    now: () => new Date(current ?? Date.now()),
    set: (at) => {
      current = new Date(at);
    },
    advanceDays(days) {
      current = new Date(this.now().getTime() + days * 86_400_000);
    },
  };
}

/** Sessions outlive the jumps a settable clock makes (at most a day either way). */
export const LONG_SESSIONS = { ACCESS_TOKEN_TTL_SECONDS: '86400' };

/** Two hours before the next UTC midnight after now. */
export function twoHoursBeforeMidnight(): Date {
  const midnight = new Date(new Date().toISOString().slice(0, 10) + 'T00:00:00.000Z').getTime() + 86_400_000;
  return new Date(midnight - 2 * 3_600_000);
}

/** The answer parses with the success schema the route declares (@RespondsWith), as the generated client will read it. */
export function expectContract(app: TestApp, routeKey: string, body: unknown): void {
  const route = routeInputs(app.app).find((candidate) => candidate.key === routeKey);
  const declared = route?.response;
  if (!declared || !('schema' in declared)) throw new Error(`${routeKey} declares no JSON response`);
  const parsed = declared.schema.safeParse(body);
  expect(parsed.success, `${routeKey}: ${parsed.error?.message}`).toBe(true);
}

/** A real event on a stream, as its own context would have written it (for histories the test needs fast). */
export async function appendFact(
  app: TestApp,
  streamId: string,
  type: string,
  data: JsonObject,
  occurredAt: string,
): Promise<string> {
  const eventId = randomUUID();
  await app.store.append(
    streamId,
    [
      {
        eventId,
        type,
        data,
        metadata: { occurredAt, actorId: null, commandId: null, correlationId: null, causationId: null },
      },
    ],
    { expectedRevision: 'any' },
  );
  return eventId;
}

export async function runBadgeEvaluation(
  app: TestApp,
  admin: TestUser,
): Promise<{ awards: { userId: string; code: string }[] }> {
  await app.waitForProjections();
  const response = await request(app.baseUrl)
    .post('/api/v1/admin/jobs/badge-evaluation/run')
    .set(admin.auth)
    .send({})
    .expect(200);
  await app.waitForProjections();
  const run = json(response, jobRunSchema);
  if (run.job !== 'badge-evaluation') throw new Error(`the badge evaluation answered as ${run.job}`);
  return run.result;
}

export async function eventsOfType(
  app: TestApp,
  type: string,
): Promise<{ stream_id: string; data: Record<string, unknown> }[]> {
  const result = await app.database.pool.query(
    'select stream_id, data from events where type = $1 order by global_position',
    [type],
  );
  return rowsOf(result, z.object({ stream_id: z.string(), data: storedJsonObject }));
}

export interface PortalTaskOptions {
  owner: TestUser;
  assignee: TestUser;
  reviewer: TestUser;
  ventureId?: string;
  kind?: 'feature' | 'bug';
  severity?: 'low' | 'medium' | 'high' | 'critical';
  quality?: number;
  helpful?: boolean;
  /** Catalog slugs the task names: what its owner may verify of the assignee once it is accepted. */
  skills?: string[];
}

/** A task done the portal way: posted by the owner, claimed, submitted, approved by the reviewer and accepted. */
export async function portalTask(
  app: TestApp,
  options: PortalTaskOptions,
): Promise<{ ventureId: string; taskId: string }> {
  const api = request(app.baseUrl);
  const ventureId =
    options.ventureId ??
    json(
      await api
        .post('/api/v1/ventures')
        .set(options.owner.auth)
        .send({ name: `Venture ${randomUUID().slice(0, 8)}` })
        .expect(201),
      ventureCreatedSchema,
    ).ventureId;
  const draft = {
    title: 'Fix the meter export',
    tier: 'B',
    kind: options.kind ?? 'feature',
    ...(options.kind === 'bug' ? { severity: options.severity ?? 'low' } : {}),
    skills: options.skills ?? [],
  };
  const { taskId } = json(
    await api.post(`/api/v1/ventures/${ventureId}/tasks`).set(options.owner.auth).send(draft).expect(201),
    taskPostedSchema,
  );
  await api.post(`/api/v1/tasks/${taskId}/claim`).set(options.assignee.auth).send({}).expect(200);
  await api.post(`/api/v1/tasks/${taskId}/submit`).set(options.assignee.auth).send({}).expect(200);
  await api
    .post(`/api/v1/tasks/${taskId}/reviews`)
    .set(options.reviewer.auth)
    .send({ quality: options.quality ?? 4, verdict: 'APPROVE' })
    .expect(201);
  await api
    .post(`/api/v1/tasks/${taskId}/accept`)
    .set(options.owner.auth)
    .send(options.helpful ? { helpfulReviewerIds: [options.reviewer.userId] } : {})
    .expect(200);
  return { ventureId, taskId };
}

/** The badges the log says a member was awarded, in order. */
export async function awardedBadges(app: TestApp, userId: string): Promise<{ code: string; evidence: unknown }[]> {
  const awards = (await eventsOfType(app, 'BadgeAwarded')).filter((row) => row.stream_id === `awards-${userId}`);
  return awards.map((row) => ({ code: String(row.data.badgeCode), evidence: row.data.evidence }));
}

/**
 * Every kind of people and badge write, with personal text in each: a profile, a skill with
 * evidence (defined and verified by the admin), endorsements both ways (a reciprocal pair, which
 * is flagged), a portfolio item, and a manual badge awarded and revoked with reasons. Returns the
 * personal texts, which no event may hold. `admin` needs the admin role.
 */
export async function writeAboutPeople(app: TestApp, member: TestUser, admin: TestUser): Promise<string[]> {
  const api = request(app.baseUrl);
  const profile = {
    nickname: 'Amazing Grace',
    bio: 'Wrote the first compiler, Cobol later.',
    location: 'Arlington, Virginia',
    websiteUrl: 'https://grace.example/about-me',
  };
  await api.patch('/api/v1/profiles/me').set(member.auth).send(profile).expect(200);
  await api
    .post('/api/v1/skills')
    .set(admin.auth)
    .send({ slug: 'compilers', name: 'Compilers', category: 'engineering' })
    .expect(201);
  await api
    .post('/api/v1/profiles/me/skills')
    .set(member.auth)
    .send({ skillSlug: 'compilers', level: 5, evidenceUrl: 'https://evidence.example/grace-talks' })
    .expect(201);
  await api.post(`/api/v1/profiles/${member.userId}/skills/compilers/verify`).set(admin.auth).send({}).expect(200);
  const colleague = await signUp(app);
  await api
    .post('/api/v1/profiles/me/endorse')
    .set(colleague.auth)
    .send({ userId: member.userId, skillSlug: 'compilers', note: 'Grace taught our whole team' })
    .expect(201);
  await api
    .post('/api/v1/profiles/me/endorse')
    .set(member.auth)
    .send({ userId: colleague.userId, skillSlug: 'mentoring' })
    .expect(201);
  const item = {
    title: 'Compiler notebook by Grace',
    description: 'Handwritten notes from Arlington.',
    urls: ['https://portfolio.example/grace-notebook'],
    isPublic: true,
  };
  await api.post('/api/v1/portfolio').set(member.auth).send(item).expect(201);
  await api
    .post('/api/v1/badges')
    .set(admin.auth)
    .send({
      code: 'PIONEER_SPEAKER',
      name: 'Pioneer speaker',
      description: 'Gave a keynote.',
      rule: { type: 'MANUAL' },
    })
    .expect(201);
  await api
    .post('/api/v1/badges/PIONEER_SPEAKER/award')
    .set(admin.auth)
    .send({ userId: member.userId, reason: 'Keynote about nanoseconds' })
    .expect(200);
  await api
    .post('/api/v1/badges/PIONEER_SPEAKER/revoke')
    .set(admin.auth)
    .send({ userId: member.userId, reason: 'Mixed up with her namesake' })
    .expect(200);
  await app.waitForProjections();
  // The reciprocal pair above is flagged; reviewing it takes a note about the two of them.
  const flags = json(
    await api.get('/api/v1/compliance/endorsement-flags').set(admin.auth).expect(200),
    endorsementFlagsResponseSchema,
  ).flags;
  const pair = present(
    flags.find((flag) => flag.memberIds.includes(member.userId)),
    "the flag of the member's reciprocal pair",
  );
  await api
    .post(`/api/v1/compliance/endorsement-flags/${pair.flagId}/review`)
    .set(admin.auth)
    .send({ outcome: 'dismissed', note: 'Grace mentors her teammate weekly' })
    .expect(200);
  await app.waitForProjections();
  return [
    ...Object.values(profile),
    'grace-talks',
    'Grace taught our whole team',
    item.title,
    item.description,
    'grace-notebook',
    'Keynote about nanoseconds',
    'Mixed up with her namesake',
    'Grace mentors her teammate weekly',
  ];
}
