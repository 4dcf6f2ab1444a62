import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { venturesProjection } from '../../projections/ventures/ventures.projection';
import type { RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { derivedId } from '../../src/shared-kernel/ids';
import { handledEvents, liveTables } from '../../src/platform/projections/projection';
import { rebuildAndCompare } from '../../src/platform/projections/projection-rebuild';
import { acceptTaskOnce } from '../../src/ventures/commands/accept-task-once';
import { VenturesStreamWriter } from '../../src/ventures/commands/ventures-stream.writer';
import { decideTask } from '../../src/ventures/domain/task.decide';
import { decideVenture } from '../../src/ventures/domain/venture.decide';
import { wholeFeed } from '../support/feed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { FIXED_NOW, metadata } from '../support/events';
import { expectRedeliveriesToEndAsOne } from '../support/projection-batches';
import { ASSIGNEE, OWNER, REVIEWER_1, REVIEWER_2, draft, review } from '../support/ventures';
import { closeIfStarted } from '../support/teardown';
import { z } from 'zod';
import { present } from '../support/present';

const VENTURE = derivedId('int', 'venture');
const [DONE, CLAIMED, OPEN_BUG, EXTERNAL] = ['done', 'claimed', 'bug', 'external'].map((name) =>
  derivedId('int', name),
);
/** The skill catalog a posted task is checked against: the slugs the bug below names. */
const skillCatalog: ReadonlySet<string> = new Set(['security', 'backend']);

describe('ventures projection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let events: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase('ventures');
    store = new PostgresEventStore(database.pool);
    await writeHistory(new VenturesStreamWriter(store, { now: () => new Date(FIXED_NOW) }), store);
    events = handledEvents(venturesProjection, await wholeFeed(store, database.pool));
  });
  afterAll(async () => {
    await closeIfStarted(database);
  });

  const apply = (batch: RecordedEvent[]) =>
    database.knex.transaction((trx) => venturesProjection.apply(trx, batch, liveTables(venturesProjection)));
  const rows = async () => ({
    ventures: await database.knex('ventures').select('*').orderBy('venture_id'),
    tasks: z
      .array(z.looseObject({ task_id: z.string() }))
      .parse(await database.knex('tasks').select('*').orderBy('task_id')),
  });

  it('keeps a venture with its task counts, and each task with its status, assignee and reviews', async () => {
    await apply(events);
    const { ventures, tasks } = await rows();
    expect(ventures).toEqual([
      {
        venture_id: VENTURE,
        name: 'Solar Co-op',
        owner_id: OWNER,
        created_at: FIXED_NOW,
        open_tasks: 2,
        done_tasks: 1,
        founders: [],
      },
    ]);
    const byId = Object.fromEntries(tasks.map((task) => [task.task_id, task]));
    expect(Object.keys(byId).sort()).toEqual([DONE, CLAIMED, OPEN_BUG].sort());
    expect(byId[DONE]).toMatchObject({
      status: 'ACCEPTED',
      assignee_id: ASSIGNEE,
      round: 2,
      accepted_at: FIXED_NOW,
      last_revision: '6',
    });
    expect(byId[DONE].submissions).toEqual([
      { note: null, links: [], round: 1, submittedAt: FIXED_NOW },
      { note: null, links: [], round: 2, submittedAt: FIXED_NOW },
    ]);
    expect(byId[DONE].reviews).toEqual([
      { ...review(REVIEWER_1, 2, 'REQUEST_CHANGES'), round: 1, reviewedAt: FIXED_NOW },
      { ...review(REVIEWER_2, 4), round: 2, reviewedAt: FIXED_NOW },
    ]);
    expect(byId[CLAIMED]).toMatchObject({
      status: 'CLAIMED',
      assignee_id: REVIEWER_1,
      round: 0,
      reviews: [],
      accepted_at: null,
    });
    expect(byId[OPEN_BUG]).toMatchObject({
      status: 'OPEN',
      kind: 'bug',
      severity: 'high',
      tier: 'S',
      skills: ['security', 'backend'],
      assignee_id: null,
      posted_at: FIXED_NOW,
    });
    expect(byId[DONE].skills).toEqual([]);
  });

  it('changes nothing when events are delivered again, whole, in part or one by one', async () => {
    const before = await rows();
    await apply(events);
    await apply(events.slice(0, 5));
    for (const event of events) await apply([event]);
    expect(await rows()).toEqual(before);
  });

  it('ends exactly as one delivery, counts included, however the feed redelivers', async () => {
    await expectRedeliveriesToEndAsOne(database.ownerUrl, venturesProjection, events);
  });

  it('rebuilds from position 0 into tables equal to the live ones', async () => {
    const owner: Knex = knexFactory({ client: 'pg', connection: database.ownerUrl, pool: { min: 0, max: 2 } });
    try {
      const feed = await wholeFeed(store, database.pool);
      await owner('projection_checkpoints').insert({
        projection: 'ventures',
        position: present(feed.at(-1), 'an event in the feed').position,
      });
      const report = await rebuildAndCompare(venturesProjection, store, owner);
      // Rebuilt alone, it reads only its own event types: the integration-only acceptance is one of them.
      expect(report).toMatchObject({
        projection: 'ventures',
        equal: true,
        eventsReplayed: handledEvents(venturesProjection, feed).length,
        position: present(feed.at(-1), 'an event in the feed').position,
      });
      expect(report.tables.map((table) => table.table)).toEqual(['ventures', 'tasks']);
    } finally {
      await owner.destroy();
    }
  });
});

/** Through the real write path: a finished task (after one round of changes), a claimed one, an open bug, and an integration-only acceptance. */
async function writeHistory(writer: VenturesStreamWriter, store: PostgresEventStore): Promise<void> {
  let step = 0;
  const as = (actorId: string) => ({ commandId: `int-${(step += 1)}`, actorId });
  await writer.writeVenture(VENTURE, as(OWNER), (state) =>
    decideVenture(
      { type: 'CreateVenture', venture: { ventureId: VENTURE, name: 'Solar Co-op', ownerId: OWNER } },
      state,
    ),
  );
  for (const taskId of [DONE, CLAIMED])
    await writer.writeTask(
      taskId,
      as(OWNER),
      (state, venture) =>
        decideTask(
          { type: 'PostTask', task: draft({ taskId, ventureId: VENTURE }), actorId: OWNER, venture, skillCatalog },
          state,
        ),
      VENTURE,
    );
  const bug = draft({
    taskId: OPEN_BUG,
    ventureId: VENTURE,
    kind: 'bug',
    severity: 'high',
    tier: 'S',
    skills: ['security', 'backend'],
  });
  await writer.writeTask(
    OPEN_BUG,
    as(OWNER),
    (state, venture) => decideTask({ type: 'PostTask', task: bug, actorId: OWNER, venture, skillCatalog }, state),
    VENTURE,
  );
  await writer.writeTask(CLAIMED, as(REVIEWER_1), (state, venture) =>
    decideTask({ type: 'ClaimTask', taskId: CLAIMED, actorId: REVIEWER_1, venture }, state),
  );
  await writer.writeTask(DONE, as(ASSIGNEE), (state, venture) =>
    decideTask({ type: 'ClaimTask', taskId: DONE, actorId: ASSIGNEE, venture }, state),
  );
  for (const verdict of ['REQUEST_CHANGES', 'APPROVE'] as const) {
    await writer.writeTask(DONE, as(ASSIGNEE), (state) =>
      decideTask({ type: 'SubmitTask', taskId: DONE, actorId: ASSIGNEE, note: null }, state),
    );
    const [reviewerId, quality] = verdict === 'APPROVE' ? [REVIEWER_2, 4] : [REVIEWER_1, 2];
    await writer.writeTask(DONE, as(reviewerId), (state, venture) =>
      decideTask({ type: 'ReviewTask', taskId: DONE, review: review(reviewerId, quality, verdict), venture }, state),
    );
  }
  const venture = await writer.loadVenture(VENTURE);
  await acceptTaskOnce(store, DONE, metadata(), {
    type: 'AcceptTask',
    taskId: DONE,
    venture,
    actorId: OWNER,
    helpfulReviewerIds: [REVIEWER_2],
    acceptedAt: FIXED_NOW,
  });
  const external = {
    taskId: EXTERNAL,
    ventureId: VENTURE,
    assigneeId: ASSIGNEE,
    tier: 'C' as const,
    quality: 3,
    reviewerIds: [],
    acceptedAt: FIXED_NOW,
  };
  await acceptTaskOnce(store, EXTERNAL, metadata(), { type: 'RecordIntegrationAcceptance', acceptance: external });
}
