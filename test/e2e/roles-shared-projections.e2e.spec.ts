import { randomUUID } from 'node:crypto';
import knexFactory from 'knex';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EVENT_SCHEMAS } from '../../src/event-schemas';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { feedLagAfter } from '../../src/platform/event-store/postgres/postgres-feed-lag';
import { SchemaCheckedEventStore } from '../../src/platform/event-store/schema-checked-event-store';
import { handledEvents } from '../../src/platform/projections/projection';
import { ProjectionCheckpointsRepository } from '../../src/platform/projections/projection-checkpoints.repository';
import { rebuildAllAndCompare } from '../../src/platform/projections/projection-rebuild';
import { ALL_PROJECTIONS } from '../../src/registry/projections.registry';
import { REACTOR_CLASSES } from '../../src/registry/registry.module';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { PASSWORD, signIn } from '../support/identity';
import { json } from '../support/json';
import { present } from '../support/present';
import { HANG_MS, ledBy, RoleProcesses, type Instance } from '../support/role-processes';
import { closeIfStarted } from '../support/teardown';
import { waitFor } from '../support/wait';

const RUNNERS = ALL_PROJECTIONS.length + REACTOR_CLASSES.length;
/** Each worker's fair share while both live: the runners halved, rounded up. */
const HALF = Math.ceil(RUNNERS / 2);

/** Issue #18: two workers share the projections and reactors; one is killed, the other takes them all. */
describe('projections and reactors shared by two workers', () => {
  let database: TestDatabase;
  let store: SchemaCheckedEventStore;
  let processes: RoleProcesses;

  beforeAll(async () => {
    database = await createTestDatabase('roles_shared');
    store = new SchemaCheckedEventStore(new PostgresEventStore(database.pool, 20), EVENT_SCHEMAS);
    processes = new RoleProcesses(database, { LOG_LEVEL: 'warn', INTEGRITY_CHECK_ON_START: 'false' });
  });
  afterAll(async () => {
    await closeIfStarted(processes);
    await closeIfStarted(store);
    await closeIfStarted(database);
  });

  /** A little of everything through the API: sign-ups and sign-ins, a venture, a task. */
  async function someActivity(api: Instance): Promise<void> {
    const [owner, member] = [await signUp(api), await signUp(api)];
    const created = await request(api.baseUrl)
      .post('/api/v1/ventures')
      .set(owner.auth)
      .send({ name: `Shared ${randomUUID().slice(0, 8)}` })
      .expect(201);
    const { ventureId } = json(created, z.object({ ventureId: z.uuid() }));
    await request(api.baseUrl)
      .post(`/api/v1/ventures/${ventureId}/tasks`)
      .set(owner.auth)
      .send({ title: 'Split the read side', tier: 'A', kind: 'feature' })
      .expect(201);
    await request(api.baseUrl).get('/api/v1/wallet/me').set(member.auth).expect(200);
  }

  async function signUp(api: Instance) {
    const email = `shared-${randomUUID()}@example.com`;
    const registered = await request(api.baseUrl)
      .post('/api/v1/auth/register')
      .send({ email, password: PASSWORD })
      .expect(201);
    return signIn(api, email, json(registered, z.object({ userId: z.uuid() })).userId);
  }

  /** Every projection and reactor has a checkpoint, and none has an event of the feed left to apply. */
  async function caughtUp(): Promise<boolean> {
    const rows = await new ProjectionCheckpointsRepository(database.knex).all();
    if (rows.length < RUNNERS) return false;
    for (const row of rows) if ((await feedLagAfter(database.pool, row.position)).eventsBehind > 0) return false;
    return true;
  }

  /** Per projection: the events it counts as applied, and the events of its types in the feed up to its checkpoint. */
  async function appliedAndHandled() {
    const rows = await new ProjectionCheckpointsRepository(database.knex).all();
    const applied: Record<string, number> = {};
    const handled: Record<string, number> = {};
    for (const projection of ALL_PROJECTIONS) {
      const row = present(
        rows.find((candidate) => candidate.projection === projection.name),
        `${projection.name}'s checkpoint`,
      );
      const feed = await store.readAll({ toPosition: present(row.position, 'a position'), maxCount: 100_000 });
      applied[projection.name] = Number(row.events_applied);
      handled[projection.name] = handledEvents(projection, feed).length;
    }
    return { applied, handled };
  }

  it('split the runners between two live workers; when one dies the other takes them all, and each event is applied once', async () => {
    const first = await processes.startWorker();
    const second = await processes.startWorker();
    const api = await processes.startApi();

    const [firstLeads, secondLeads] = await waitFor(
      'the two workers to lead every runner between them, neither more than half',
      async () => {
        const led = [await ledBy(first), await ledBy(second)];
        return led[0].length + led[1].length === RUNNERS && led.every((names) => names.length <= HALF) && led;
      },
      HANG_MS,
    );
    expect(firstLeads.length).toBeGreaterThan(0);
    expect(secondLeads.length).toBeGreaterThan(0);
    expect(firstLeads.filter((name) => secondLeads.includes(name))).toEqual([]);
    await someActivity(api);
    await waitFor('both workers to apply the activity', caughtUp, HANG_MS);

    await processes.kill(second);
    await someActivity(api);
    await waitFor(
      'the surviving worker to lead every projection and reactor',
      async () => (await ledBy(first)).length === RUNNERS,
      HANG_MS,
    );
    await waitFor('every projection and reactor to apply the whole feed', caughtUp, HANG_MS);

    // Each projection counted every event of its types once: a batch applied twice across the
    // hand-overs and the kill would count its events twice, a lost one not at all.
    const { applied, handled } = await appliedAndHandled();
    expect(applied).toEqual(handled);
    expect(Object.values(handled).some((count) => count > 0)).toBe(true);
    // And every read model equals a replay of the whole feed.
    const owned = knexFactory({
      client: 'pg',
      connection: database.ownerUrl,
      pool: { min: 0, max: ALL_PROJECTIONS.length + 1 },
    });
    try {
      const reports = await rebuildAllAndCompare(ALL_PROJECTIONS, store, owned);
      expect(reports.filter((report) => !report.equal)).toEqual([]);
      expect(reports).toHaveLength(ALL_PROJECTIONS.length);
    } finally {
      await owned.destroy();
    }
  });
});
