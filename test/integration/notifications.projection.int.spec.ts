import { randomUUID } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationsProjection } from '../../projections/notifications/notifications.projection';
import type { EventToAppend, RecordedEvent } from '../../src/platform/event-store/event-store.port';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { liveTables } from '../../src/platform/projections/projection';
import type { JsonObject } from '../../src/shared-kernel/json';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { metadata } from '../support/events';
import { finalFeed } from '../support/feed';
import { redeliveries, rowsAfterBatches, tableRows } from '../support/projection-batches';
import { closeIfStarted, endIfStarted } from '../support/teardown';

const [ALICE, BOB, CAROL] = [
  '00000000-0000-4000-8000-0000000000a1',
  '00000000-0000-4000-8000-0000000000b2',
  '00000000-0000-4000-8000-0000000000c3',
];
const [TASK, CONVERSION, WINDOW] = [randomUUID(), randomUUID(), randomUUID()];
const event = (type: string, data: JsonObject = {}): EventToAppend => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: metadata(),
});

describe('notifications projection: set-based batches (real PostgreSQL)', () => {
  let database: TestDatabase;
  let owner: Knex;
  let feed: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase('notifications_projection');
    owner = knexFactory({ client: 'pg', connection: database.ownerUrl, pool: { min: 0, max: 2 } });
    const store = new PostgresEventStore(database.pool);
    const streams: [string, EventToAppend[]][] = [
      [`user-${ALICE}`, [event('RoleGranted', { role: 'member' })]],
      [`user-${BOB}`, [event('RoleGranted', { role: 'member' })]],
      [`user-${CAROL}`, [event('RoleGranted', { role: 'board' })]],
      [`task-${TASK}`, [event('TaskClaimed', { assigneeId: ALICE })]],
      [`conversion-${CONVERSION}`, [event('ConversionRequested', { userId: BOB })]],
      [`window-${WINDOW}`, [event('WindowOpened')]],
      [`task-${TASK}`, [event('TaskReviewed', { verdict: 'ACCEPT' })]],
      [`conversion-${CONVERSION}`, [event('ConversionApproved')]],
      [`wallet-${ALICE}`, [event('BuzIssued', { taskId: TASK, amountBuz: '40' })]],
      [`user-${BOB}`, [event('RoleRevoked', { role: 'member' })]],
    ];
    const revisions = new Map<string, bigint>();
    for (const [streamId, events] of streams) {
      const revision = revisions.get(streamId);
      await store.append(streamId, events, { expectedRevision: revision ?? 'no_stream' });
      revisions.set(streamId, (revision ?? -1n) + 1n);
    }
    feed = await finalFeed(store, streams.length);
    await database.knex.transaction((transaction) =>
      notificationsProjection.apply(transaction, feed, liveTables(notificationsProjection)),
    );
  });
  afterAll(async () => {
    await endIfStarted(owner);
    await closeIfStarted(database);
  });

  it('notifies each recipient once and remembers tasks, requesters and members', async () => {
    const rows = await tableRows(owner, liveTables(notificationsProjection));
    const sent = (rows.notifications as { recipient_id: string; kind: string; subject_id: string }[]).map((row) => [
      row.recipient_id,
      row.kind,
      row.subject_id,
    ]);
    expect(sent.sort()).toEqual(
      [
        [ALICE, 'BUZ_ARRIVED', TASK],
        [ALICE, 'REVIEW_ARRIVED', TASK],
        [ALICE, 'WINDOW_OPENED', WINDOW],
        [BOB, 'REQUEST_DECIDED', CONVERSION],
        [BOB, 'WINDOW_OPENED', WINDOW],
      ].sort(),
    );
    expect(rows.notification_members).toEqual([{ user_id: ALICE }]);
    expect(rows.notification_tasks).toEqual([{ task_id: TASK, assignee_id: ALICE }]);
    expect(rows.notification_conversions).toEqual([{ conversion_id: CONVERSION, user_id: BOB }]);
  });

  // Memberships and claims keep no revision, so an earlier part delivered again AFTER later events
  // (a revoked member granted again) would revive them. The runner never does that: it resumes
  // from its checkpoint, so a redelivery is always the feed's suffix. Every other case must hold.
  const REVIVES_OLD_FACTS = 'a stream split across batches, then an earlier part again';

  it('ends exactly as one delivery, however a runner resuming from its checkpoint redelivers', async () => {
    const once = await tableRows(owner, liveTables(notificationsProjection));
    const cases = Object.entries(redeliveries(feed)).filter(([name]) => name !== REVIVES_OLD_FACTS);
    expect(cases).toHaveLength(Object.keys(redeliveries(feed)).length - 1);
    for (const [index, [name, batches]] of cases.entries()) {
      expect(await rowsAfterBatches(owner, notificationsProjection, batches, `redelivery_${index}`), name).toEqual(
        once,
      );
    }
  });
});
