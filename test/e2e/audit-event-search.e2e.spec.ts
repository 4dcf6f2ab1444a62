import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSearchSchema } from '../../src/audit/http/audit.responses';
import { bundleManifestSchema } from '../../src/audit/offline/bundle-format';
import { verifyBundle } from '../../src/audit/offline/bundle-verifier';
import { binaryBody } from '../support/documents';
import { someEvents, uniqueStream } from '../support/events';
import { expectContract } from '../support/gamification';
import { signUp, type TestUser } from '../support/identity';
import { errorOf, json } from '../support/json';
import { startTestApp, type TestApp } from '../support/test-app';
import { closeIfStarted } from '../support/teardown';

const SEARCH = 'GET /api/v1/audit/events';

describe('GET /api/v1/audit/events and /bundle: the auditor searches the log and downloads the bundle (real HTTP, PostgreSQL)', () => {
  let app: TestApp;
  let auditor: TestUser;
  let member: TestUser;
  const stream = uniqueStream('searchtest');
  const events = someEvents(5, 'SearchProbe');
  let before: Date;
  let after: Date;

  beforeAll(async () => {
    app = await startTestApp();
    auditor = await signUp(app, { roles: ['auditor'], mfa: true });
    member = await signUp(app);
    // The database's clock stamps recorded_at: take the bounds from it, not from this process.
    before = await databaseNow(app);
    await app.rawStore.append(stream, events, { expectedRevision: 'no_stream' });
    after = await databaseNow(app);
  });

  afterAll(async () => {
    await closeIfStarted(app);
  });

  const search = (query: Record<string, string>, caller: { Authorization: string } = auditor.auth) =>
    request(app.baseUrl).get('/api/v1/audit/events').query(query).set(caller);

  it('finds a stream page by page, in log order, with a cursor that ends on the last page', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const response: request.Response = await search({
        streamId: stream,
        limit: '2',
        ...(cursor ? { after: cursor } : {}),
      }).expect(200);
      expectContract(app, SEARCH, response.body);
      const body = json(response, eventSearchSchema);
      pages.push(body.events.map((event) => event.eventId));
      cursor = body.nextAfter;
    } while (cursor !== null && pages.length < 10);
    expect(pages).toEqual([
      [events[0].eventId, events[1].eventId],
      [events[2].eventId, events[3].eventId],
      [events[4].eventId],
    ]);
  });

  it('filters by event id, type and the time it was recorded', async () => {
    const byId = json(await search({ eventId: events[3].eventId }).expect(200), eventSearchSchema);
    expect(byId.events.map((event) => [event.streamId, event.revision, event.type])).toEqual([
      [stream, '3', 'SearchProbe'],
    ]);
    expect(byId.events[0].hash).toMatch(/^[0-9a-f]{64}$/);

    const byType = json(await search({ type: 'SearchProbe', limit: '200' }).expect(200), eventSearchSchema);
    expect(byType.events.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));

    const inRange = json(
      await search({ streamId: stream, from: before.toISOString(), to: after.toISOString() }).expect(200),
      eventSearchSchema,
    );
    expect(inRange.events).toHaveLength(5);
    const later = json(await search({ streamId: stream, from: after.toISOString() }).expect(200), eventSearchSchema);
    expect(later.events).toEqual([]);
    const earlier = json(await search({ streamId: stream, to: before.toISOString() }).expect(200), eventSearchSchema);
    expect(earlier.events).toEqual([]);
  });

  it.each([
    ['an event id that is not a UUID', { eventId: 'not-a-uuid' }, 'eventId'],
    ['a stream id without a category', { streamId: 'nocategory' }, 'streamId'],
    ['a type that is not an event type', { type: 'drop table events' }, 'type'],
    ['a time that is not an instant', { from: 'yesterday' }, 'from'],
    ['a range that ends before it starts', { from: '2026-12-07T10:00:00Z', to: '2026-12-07T09:00:00Z' }, 'to'],
    ['a page of none', { limit: '0' }, 'limit'],
    ['a page too large', { limit: '201' }, 'limit'],
    ['a cursor that is not a position', { after: '-1' }, 'after'],
    ['a filter it does not know', { category: 'wallet' }, ''],
  ])('refuses %s with 400 and says which field', async (_, query, field) => {
    const response = await search(query).expect(400);
    expect(errorOf(response).error).toBe('VALIDATION_FAILED');
    if (field) expect(JSON.stringify(errorOf(response).details)).toContain(field);
  });

  it('is for auditors only: 401 without a session, 403 for a member', async () => {
    await request(app.baseUrl).get('/api/v1/audit/events').expect(401);
    await search({}, member.auth).expect(403);
    await request(app.baseUrl).get('/api/v1/audit/bundle').set(member.auth).expect(403);
  });

  it('sends the bundle as one tar archive of the stated length, which unpacks into a bundle that verifies', async () => {
    const response = await request(app.baseUrl)
      .get('/api/v1/audit/bundle')
      .set(auditor.auth)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/x-tar');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="smartstart-audit-bundle-.+\.tar"$/);
    const archive = response.body as Buffer;
    expect(Number(response.headers['content-length'])).toBe(archive.length);

    const dir = await mkdtemp(path.join(tmpdir(), 'bundle-download-'));
    try {
      await writeFile(path.join(dir, 'bundle.tar'), archive);
      await promisify(execFile)('tar', ['-xf', 'bundle.tar'], { cwd: dir });
      const manifest = bundleManifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')));
      const lines = (await readFile(path.join(dir, 'events.jsonl'), 'utf8')).trimEnd().split('\n');
      expect(lines.length).toBe(manifest.counts.events);
      expect(lines.some((line) => line.includes(events[4].eventId))).toBe(true);
      const report = await verifyBundle(dir);
      expect(report.firstBreak).toBeNull();
      expect(report.status).toBe('VERIFIED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function databaseNow(app: TestApp): Promise<Date> {
  const { rows } = await app.database.pool.query<{ now: Date }>('select clock_timestamp() as now');
  return rows[0].now;
}
