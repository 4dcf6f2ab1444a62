import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../../src/platform/event-store/postgres/postgres-event-store';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { someEvents, uniqueStream } from '../support/events';
import { closeIfStarted, endIfStarted } from '../support/teardown';
import { z } from 'zod';
import { rowsOf } from '../support/json';

describe('WORM event log (real PostgreSQL)', () => {
  let database: TestDatabase;
  let owner: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase('worm');
    await new PostgresEventStore(database.pool).append(uniqueStream(), someEvents(3), {
      expectedRevision: 'no_stream',
    });
    owner = new pg.Client(database.ownerUrl);
    await owner.connect();
  });
  afterAll(async () => {
    await endIfStarted(owner);
    await closeIfStarted(database);
  });

  const changes = ["update events set data = '{}'", 'delete from events', 'truncate events'];

  it.each(changes)('the trigger refuses "%s" even for the table owner', async (sql) => {
    await expect(owner.query(sql)).rejects.toMatchObject({
      code: 'SS900',
      message: expect.stringMatching(/write-once/) as unknown,
    });
  });

  it.each(changes)('the application role has no privilege for "%s"', async (sql) => {
    await expect(database.pool.query(sql)).rejects.toMatchObject({
      code: '42501',
      message: expect.stringMatching(/permission denied/) as unknown,
    });
  });

  it('the application connects as the restricted role, not as the owner', async () => {
    const rows = rowsOf(await database.pool.query('select current_user as role'), z.object({ role: z.string() }));
    expect(rows[0].role).toBe('smartstart_app');
  });

  it('leaves every event in place after the refused attempts', async () => {
    const rows = rowsOf(
      await owner.query('select count(*)::int as count from events'),
      z.object({ count: z.number() }),
    );
    expect(rows[0].count).toBe(3);
  });
});
